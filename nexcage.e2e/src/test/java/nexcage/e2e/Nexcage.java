package nexcage.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One real {@code nexcage} daemon with a private home and state directory, driven through the real
 * launcher as a user would: one-shot commands, {@code nexcage shell} with piped input, SIGTERM and
 * SIGKILL. Keep the base directory short (under /tmp): a Unix socket path must stay under about
 * 107 bytes. Waiting is always bounded polling on the daemon's own answers.
 *
 * <p>Besides: extra environment ({@link #env} for the daemon and the client, {@link #daemonEnv} for
 * the daemon only), its config file, its log file and everything it ever printed, {@code plugin
 * list --json} queries and the Gogo shell's bundles and services.
 */
public final class Nexcage implements AutoCloseable {
    public static final Path ROOT = Paths.get(System.getProperty("nexcage.root", "..")).toAbsolutePath().normalize();
    public static final Path LAUNCHER = ROOT.resolve("nexcage");
    /** The command the build puts on PATH: the native client (launcher/nexcage-client.c), or a link to LAUNCHER without a compiler. */
    public static final Path NATIVE_CLIENT = ROOT.resolve("target/runtime/bin/nexcage");
    public static final Path RUNTIME_JAR = ROOT.resolve("target/runtime/runtime.jar");
    public static final Path HELLO = ROOT.resolve("examples/hello/target/hello-1.0.0.nexcage-plugin");
    public static final Path SHOUT = ROOT.resolve("examples/shout/target/shout-1.0.0.nexcage-plugin");
    public static final Path LOGGER = ROOT.resolve("examples/custom-logger/target/custom-logger-1.0.0.nexcage-plugin");

    /** How long a condition on {@code plugin list --json} may take to come true. */
    public static final Duration WAIT = Duration.ofSeconds(10);
    /** A bound for conditions that need a command or a plugin start, not a config poll. */
    public static final Duration START_WAIT = Duration.ofSeconds(15);

    public static final ObjectMapper JSON = new ObjectMapper();

    public record Result(int exit, String out, String err) {
        public List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        public List<String> outLines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public final Path base;
    public final Path home;
    public final Path state;
    /** Extra environment for the daemon and the client, e.g. DOCKER_HOST. */
    public final Map<String, String> env = new LinkedHashMap<>();
    /** Extra environment for the daemon only (from its next start): the client gets none of it. */
    private final Map<String, String> daemonEnv = new LinkedHashMap<>();
    /** The output files of every daemon process started so far. */
    private final List<Path> daemonOutputs = new ArrayList<>();
    private Process daemon;
    private Path daemonOut;
    /** The client the commands go through: the Perl launcher unless a test picks {@link #NATIVE_CLIENT}. */
    public Path client = LAUNCHER;

    /** A daemon-to-be in {@code base} (which should be short, see the class comment). */
    public Nexcage(Path base) throws IOException {
        this.base = base;
        this.home = Files.createDirectories(base.resolve("home"));
        this.state = base.resolve("state");
        Files.createDirectories(plugins());
    }

    /** A daemon-to-be in a fresh, short directory {@code /tmp/PREFIXnnnn}; every example plugin must be built. */
    public static Nexcage create(String prefix) throws IOException {
        requireBuilt(LAUNCHER, RUNTIME_JAR, HELLO, SHOUT, LOGGER);
        return new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), prefix));
    }

    /** A daemon-to-be in a fresh, short directory with the hello plugin in its plugin directory. */
    public static Nexcage withHello(String prefix) throws IOException {
        requireBuilt(LAUNCHER, RUNTIME_JAR, HELLO);
        Nexcage n = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), prefix));
        Files.copy(HELLO, n.plugins().resolve(HELLO.getFileName()));
        return n;
    }

    private static void requireBuilt(Path... files) {
        for (Path p : files) {
            if (!Files.exists(p)) {
                throw new IllegalStateException(p + " is missing: build the reactor first "
                        + "(mvn -DskipTests install -pl '!nexcage.e2e')");
            }
        }
    }

    /** Sets {@code NEXCAGE_JAVA_OPTS} for the next start, e.g. {@code -Dnexcage.max_plugin_size_mb=1}. */
    public Nexcage javaOpts(String opts) {
        env.put("NEXCAGE_JAVA_OPTS", opts);
        return this;
    }

    /** An environment variable of the daemon only (from its next start), e.g. a ${VAR} of the config. */
    public Nexcage daemonEnv(String name, String value) {
        daemonEnv.put(name, value);
        return this;
    }

    public Path plugins() {
        return home.resolve("plugins");
    }

    public Path socket() {
        return state.resolve("nexcage.sock");
    }

    // ---- the config file --------------------------------------------------------------------

    public Path configFile() {
        return home.resolve("config.yaml");
    }

    /** Replaces config.yaml whole, as editors that write a new file and rename it do. */
    public void writeConfig(String yaml) {
        try {
            Path tmp = home.resolve(".config.yaml.tmp");
            Files.writeString(tmp, yaml);
            Files.move(tmp, configFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- one-shot commands and the shell ----------------------------------------------------

    private ProcessBuilder builder(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(client.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> e = pb.environment();
        e.put("NEXCAGE_HOME", home.toString());
        e.put("NEXCAGE_STATE", state.toString());
        e.remove("NEXCAGE_SOCKET");
        e.remove("NEXCAGE_JAVA_OPTS");
        e.remove("NEXCAGE_LOG_LEVEL");
        e.putAll(env);
        return pb;
    }

    /** Runs a one-shot command in this daemon's environment. */
    public Result run(String... args) {
        return runIn(null, args);
    }

    /** Runs a one-shot command from the working directory {@code cwd} (null: the test's own). */
    public Result runIn(Path cwd, String... args) {
        return runWithInput(cwd, null, args);
    }

    /** Runs a one-shot command from {@code cwd} (null: the test's own) with {@code input} as its stdin (null: none). */
    public Result runWithInput(Path cwd, Path input, String... args) {
        try {
            ProcessBuilder pb = builder(List.of(args));
            if (cwd != null) {
                pb.directory(cwd.toFile());
            }
            Path out = Files.createTempFile(base, "out", ".txt");
            Path err = Files.createTempFile(base, "err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(input == null ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(input.toFile()));
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("nexcage " + String.join(" ", args) + " did not finish within 60 s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    /** Starts a one-shot command without waiting for it; its output goes to these files. */
    public Process spawn(Path out, Path err, String... args) {
        try {
            Process p = builder(List.of(args)).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command that must succeed and print JSON. */
    public JsonNode json(String... args) {
        Result r = run(args);
        if (r.exit() != 0) {
            throw new AssertionError("nexcage " + String.join(" ", args) + " failed: " + r + "\ndaemon output:\n" + daemonLog());
        }
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("nexcage " + String.join(" ", args) + " printed no JSON: " + r, e);
        }
    }

    /** Runs {@code nexcage shell} with these lines as its input (then {@code exit}); returns what it printed. */
    public String shell(String... lines) {
        try {
            Path in = Files.createTempFile(base, "shell-in", ".txt");
            Path out = Files.createTempFile(base, "shell-out", ".txt");
            StringBuilder input = new StringBuilder();
            for (String l : lines) {
                input.append(l).append('\n');
            }
            input.append("exit\n");
            Files.writeString(in, input);
            Process p = builder(List.of("shell")).redirectInput(in.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("nexcage shell did not finish within 30 s; it printed:\n" + Files.readString(out));
            }
            String s = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(in);
            Files.delete(out);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    // ---- the daemon process -----------------------------------------------------------------

    /** The note of a {@code plugin list} answered while the daemon is still taking in the plugins present at start. */
    static final String BOOT_NOTE = "is still starting the plugins present at start";

    /**
     * Starts {@code nexcage daemon [ARGS...]} and waits (bounded) until it serves a one-shot command
     * and has taken in the plugins present at start ({@code plugin list} answers before that, with
     * a note), so tests see them as a user does a moment after the start.
     */
    public void start(String... daemonArgs) {
        try {
            daemonOut = base.resolve("daemon-" + (daemonOutputs.size() + 1) + ".out");
            daemonOutputs.add(daemonOut);
            List<String> args = new ArrayList<>(List.of("daemon"));
            args.addAll(List.of(daemonArgs));
            ProcessBuilder pb = builder(args);
            pb.environment().putAll(daemonEnv);
            daemon = pb.redirectErrorStream(true).redirectOutput(daemonOut.toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (!daemon.isAlive()) {
                    throw new AssertionError("the daemon exited with " + daemon.exitValue() + ":\n" + daemonLog());
                }
                Result list = run("plugin", "list");
                if (list.exit() == 0 && !list.err().contains(BOOT_NOTE)) {
                    return;
                }
                daemon.waitFor(100, TimeUnit.MILLISECONDS);
            }
            throw new AssertionError("the daemon did not serve a command within 60 s:\n" + daemonLog());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    public boolean alive() {
        return daemon != null && daemon.isAlive();
    }

    /** The daemon's process id: the launcher execs the JVM, so this is the JVM itself. */
    public long pid() {
        return daemon.pid();
    }

    /** SIGTERM, as Ctrl-C or systemd would; waits (bounded) for the exit and returns its status (-1: never started). */
    public int stop() {
        if (daemon == null || !daemon.isAlive()) {
            return daemon == null ? -1 : daemon.exitValue();
        }
        daemon.destroy();
        try {
            if (!daemon.waitFor(45, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
                throw new AssertionError("the daemon did not stop within 45 s of SIGTERM:\n" + daemonLog());
            }
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        return daemon.exitValue();
    }

    /** SIGTERM, then a new start (without daemon arguments). */
    public void restart() {
        stop();
        start();
    }

    /** SIGKILL: no shutdown hook, no deinit, nothing flushed. */
    public void kill9() {
        if (daemon == null) {
            return;
        }
        daemon.destroyForcibly();
        try {
            if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
                throw new AssertionError("the daemon survived SIGKILL for 20 s");
            }
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    // ---- what the daemon wrote --------------------------------------------------------------

    /** The output (stdout and stderr) of the current (last) daemon process. */
    public String daemonLog() {
        try {
            return daemonOut != null && Files.exists(daemonOut) ? Files.readString(daemonOut) : "";
        } catch (IOException e) {
            return "(cannot read the daemon output: " + e + ")";
        }
    }

    /** The daemon's log file ($NEXCAGE_STATE/logs/nexcage.log). */
    public Path logFile() {
        return state.resolve("logs/nexcage.log");
    }

    /** The content of {@link #logFile()}, empty while there is none. */
    public String logFileText() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file the daemon wrote output to: all of $NEXCAGE_STATE/logs and its output of every start. */
    public Map<Path, String> everythingLogged() {
        Map<Path, String> out = new LinkedHashMap<>();
        try {
            Path logs = state.resolve("logs");
            if (Files.isDirectory(logs)) {
                try (Stream<Path> files = Files.walk(logs)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        out.put(f, Files.readString(f, StandardCharsets.ISO_8859_1));
                    }
                }
            }
            for (Path f : daemonOutputs) {
                if (Files.exists(f)) {
                    out.put(f, Files.readString(f, StandardCharsets.ISO_8859_1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    // ---- waiting ----------------------------------------------------------------------------

    /** Calls {@code probe} until {@code done} accepts what it returns; fails after {@code timeout} with the last value. */
    public static <T> T await(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        try {
            return waiting(what, timeout).until(probe::get, done);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /**
     * A bounded wait for {@code what}, polling every 20 ms: the daemon's answers are what the tests
     * synchronise on, and a CLI round trip has nothing to be notified by.
     */
    public static ConditionFactory waiting(String what, Duration timeout) {
        return Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20));
    }

    private static AssertionError interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new AssertionError("interrupted", e);
    }

    // ---- plugin list and info ---------------------------------------------------------------

    /** {@code plugin list --json}, parsed. */
    public JsonNode list() {
        return json("plugin", "list", "--json");
    }

    /** The plugin's state in {@code plugin info NAME --json}, e.g. active or disabled. */
    public String pluginState(String name) {
        Result r = run("plugin", "info", name, "--json");
        if (r.exit() != 0) {
            return "(plugin info failed: " + r.err().strip() + ")";
        }
        try {
            return JSON.readTree(r.out()).path("state").asText();
        } catch (IOException e) {
            return "(no JSON: " + r.out() + ")";
        }
    }

    public static List<JsonNode> entries(JsonNode list) {
        List<JsonNode> out = new ArrayList<>();
        list.forEach(out::add);
        return out;
    }

    /** The entry of the plugin with this name that is not a rejected file, if any. */
    public static Optional<JsonNode> plugin(JsonNode list, String name) {
        return entries(list).stream().filter(p -> p.get("name").asText().equals(name))
                .filter(p -> !p.get("state").asText().equals("rejected")).findFirst();
    }

    /** The entries whose {@code file} is this file name. */
    public static List<JsonNode> byFile(JsonNode list, String file) {
        return entries(list).stream().filter(p -> p.hasNonNull("file") && p.get("file").asText().equals(file)).toList();
    }

    /** The rejected entry of this file, if any. */
    public static Optional<JsonNode> rejected(JsonNode list, String file) {
        return byFile(list, file).stream().filter(p -> p.get("state").asText().equals("rejected")).findFirst();
    }

    /** The state of one entry of the list. */
    public static String state(JsonNode entry) {
        return entry.get("state").asText();
    }

    public static String reason(JsonNode entry) {
        return entry.get("reason").isNull() ? "" : entry.get("reason").asText();
    }

    /** Polls {@code plugin list --json} until the condition holds, for at most {@link #WAIT}. */
    public JsonNode awaitList(String what, Predicate<JsonNode> condition) {
        return awaitList(what, WAIT, condition);
    }

    public JsonNode awaitList(String what, Duration wait, Predicate<JsonNode> condition) {
        try {
            return waiting(what, wait).pollInterval(Duration.ofMillis(100)).until(this::list, condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\ndaemon output:\n" + daemonLog(), e);
        }
    }

    /** Waits until the named plugin is in this state (and returns its entry). */
    public JsonNode awaitState(String name, String state) {
        JsonNode list = awaitList("plugin " + name + " is " + state,
                l -> plugin(l, name).map(p -> state(p).equals(state)).orElse(false));
        return plugin(list, name).orElseThrow();
    }

    /** Waits until no entry (of any state) carries this plugin name. */
    public void awaitGone(String name) {
        awaitList("plugin " + name + " is no longer listed",
                l -> entries(l).stream().noneMatch(p -> p.get("name").asText().equals(name)));
    }

    // ---- the Gogo shell ---------------------------------------------------------------------

    /** One service a bundle registered, as {@code inspect cap service} shows it. */
    public record Service(String objectClass, long id, String commandScope) {
    }

    private static final Pattern LB_LINE = Pattern.compile("^\\s*(\\d+)\\|([^|]*)\\|\\s*(\\d+)\\|(\\S+) \\(.*$");

    /** Bundle symbolic name to bundle id, from {@code lb -s}. */
    public Map<String, Long> bundleIds() {
        Map<String, Long> ids = new HashMap<>();
        for (String line : shell("lb -s").split("\n")) {
            Matcher m = LB_LINE.matcher(line.replaceFirst("^g! ", ""));
            if (m.matches()) {
                ids.put(m.group(4), Long.parseLong(m.group(1)));
            }
        }
        if (ids.isEmpty()) {
            throw new AssertionError("lb -s in the Gogo shell listed no bundles");
        }
        return ids;
    }

    /** The services a bundle registered, from {@code inspect cap service ID}. */
    public List<Service> services(long bundleId) {
        String out = shell("inspect cap service " + bundleId);
        List<Service> services = new ArrayList<>();
        String objectClass = null;
        Long id = null;
        String scope = null;
        for (String raw : (out + "\nservice; END").split("\n")) {
            String line = raw.replaceFirst("^g! ", "");
            if (line.startsWith("service; ")) {
                if (objectClass != null && id != null) {
                    services.add(new Service(objectClass, id, scope));
                }
                objectClass = line.substring("service; ".length()).replace(" with properties:", "").trim();
                id = null;
                scope = null;
            } else if (line.trim().startsWith("service.id = ")) {
                id = Long.parseLong(line.trim().substring("service.id = ".length()).trim());
            } else if (line.trim().startsWith("osgi.command.scope = ")) {
                scope = line.trim().substring("osgi.command.scope = ".length()).trim();
            }
        }
        return services;
    }

    // ---- clean-up ---------------------------------------------------------------------------

    /**
     * Kills the daemon if it still runs (SIGKILL: a wedged daemon must not hold up the clean-up;
     * call {@link #stop()} first for a clean shutdown) and deletes the directory.
     */
    @Override
    public void close() {
        if (alive()) {
            daemon.destroyForcibly();
            try {
                daemon.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteTree(base);
    }

    /** A clean shutdown (SIGTERM, bounded: see {@link #stop()}), then {@link #close()} even if that failed. */
    public void stopAndClose() {
        try {
            stop();
        } finally {
            close();
        }
    }

    /** Deletes a directory tree, best effort. */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temporary directory
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
