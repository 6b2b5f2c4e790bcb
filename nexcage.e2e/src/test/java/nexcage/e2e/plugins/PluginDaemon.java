package nexcage.e2e.plugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One real {@code nexcage} daemon in its own short temporary directory under /tmp (a Unix socket
 * path must stay under about 107 bytes), driven through the real launcher as a user would: one-shot
 * commands, {@code nexcage shell} with piped input, SIGTERM and SIGKILL. Waiting is always bounded
 * polling on the daemon's own answers.
 *
 * <p>This is a sibling of {@code nexcage.e2e.Nexcage} (which is package-private there) with what the
 * plugin tests need besides: extra JVM options, kill -9, restarts, the Gogo shell and polling helpers.
 */
final class PluginDaemon implements AutoCloseable {
    static final Path ROOT = Paths.get(System.getProperty("nexcage.root", "..")).toAbsolutePath().normalize();
    static final Path LAUNCHER = ROOT.resolve("nexcage");
    static final Path RUNTIME_JAR = ROOT.resolve("target/runtime/runtime.jar");
    static final Path HELLO = ROOT.resolve("examples/hello/target/hello-1.0.0.nexcage-plugin");
    static final Path SHOUT = ROOT.resolve("examples/shout/target/shout-1.0.0.nexcage-plugin");
    static final Path LOGGER = ROOT.resolve("examples/custom-logger/target/custom-logger-1.0.0.nexcage-plugin");

    /** How long a condition on the daemon's answers may take to come true. */
    static final Duration WAIT = Duration.ofSeconds(10);

    static final ObjectMapper JSON = new ObjectMapper();

    record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        List<String> outLines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    final Path base;
    final Path home;
    final Path state;
    private final Map<String, String> extraEnv = new LinkedHashMap<>();
    private Process daemon;
    private Path daemonOut;
    private int starts;

    private PluginDaemon(Path base) throws IOException {
        this.base = base;
        this.home = Files.createDirectories(base.resolve("home"));
        this.state = base.resolve("state");
        Files.createDirectories(plugins());
    }

    /** A daemon-to-be in a fresh, short directory {@code /tmp/PREFIXnnnn}. */
    static PluginDaemon create(String prefix) throws IOException {
        for (Path p : List.of(LAUNCHER, RUNTIME_JAR, HELLO, SHOUT, LOGGER)) {
            if (!Files.exists(p)) {
                throw new IllegalStateException(p + " is missing: build the reactor first "
                        + "(mvn -DskipTests install -pl '!nexcage.e2e')");
            }
        }
        return new PluginDaemon(Files.createTempDirectory(Paths.get("/tmp"), prefix));
    }

    /** Sets {@code NEXCAGE_JAVA_OPTS} for the next start, e.g. {@code -Dnexcage.max_plugin_size_mb=1}. */
    PluginDaemon javaOpts(String opts) {
        extraEnv.put("NEXCAGE_JAVA_OPTS", opts);
        return this;
    }

    Path plugins() {
        return home.resolve("plugins");
    }

    private ProcessBuilder builder(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("NEXCAGE_HOME", home.toString());
        env.put("NEXCAGE_STATE", state.toString());
        env.remove("NEXCAGE_SOCKET");
        env.remove("NEXCAGE_JAVA_OPTS");
        env.putAll(extraEnv);
        return pb;
    }

    /** Runs a one-shot command in this daemon's environment. */
    Result run(String... args) {
        return runIn(null, args);
    }

    /** Runs a one-shot command from the working directory {@code cwd} (null: the test's own). */
    Result runIn(Path cwd, String... args) {
        try {
            ProcessBuilder pb = builder(List.of(args));
            if (cwd != null) {
                pb.directory(cwd.toFile());
            }
            Path out = Files.createTempFile(base, "out", ".txt");
            Path err = Files.createTempFile(base, "err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
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
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs {@code nexcage shell} with these lines as its input (then {@code exit}); returns what it printed. */
    String shell(String... lines) {
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
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts {@code nexcage daemon} and waits (bounded) until it serves a one-shot command. */
    void start() {
        try {
            starts++;
            daemonOut = base.resolve("daemon-" + starts + ".out");
            daemon = builder(List.of("daemon")).redirectErrorStream(true).redirectOutput(daemonOut.toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (!daemon.isAlive()) {
                    throw new AssertionError("the daemon exited with " + daemon.exitValue() + ":\n" + log());
                }
                if (run("plugin", "list").exit() == 0) {
                    return;
                }
                daemon.waitFor(100, TimeUnit.MILLISECONDS);
            }
            throw new AssertionError("the daemon did not serve a command within 60 s:\n" + log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    boolean alive() {
        return daemon != null && daemon.isAlive();
    }

    /** The daemon's process id: the launcher execs the JVM, so this is the JVM itself. */
    long pid() {
        return daemon.pid();
    }

    /** SIGTERM, as Ctrl-C or systemd would; waits for the exit and returns its status. */
    int stop() {
        if (daemon == null || !daemon.isAlive()) {
            return daemon == null ? -1 : daemon.exitValue();
        }
        daemon.destroy();
        try {
            if (!daemon.waitFor(45, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
                throw new AssertionError("the daemon did not stop within 45 s of SIGTERM:\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return daemon.exitValue();
    }

    /** SIGKILL: no shutdown hook, no deinit, nothing flushed. */
    void kill9() {
        if (daemon == null) {
            return;
        }
        daemon.destroyForcibly();
        try {
            if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
                throw new AssertionError("the daemon survived SIGKILL for 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The output of the current (last) daemon process. */
    String log() {
        try {
            return daemonOut != null && Files.exists(daemonOut) ? Files.readString(daemonOut) : "";
        } catch (IOException e) {
            return "(cannot read the daemon log: " + e + ")";
        }
    }

    // ---- plugin list ------------------------------------------------------------------------

    /** {@code plugin list --json}, parsed. */
    JsonNode list() {
        Result r = run("plugin", "list", "--json");
        if (r.exit() != 0) {
            throw new AssertionError("plugin list --json failed: " + r + "\n" + log());
        }
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("plugin list --json printed no JSON: " + r, e);
        }
    }

    static List<JsonNode> entries(JsonNode list) {
        List<JsonNode> out = new ArrayList<>();
        list.forEach(out::add);
        return out;
    }

    /** The entry of the plugin with this name that is not a rejected file, if any. */
    static Optional<JsonNode> plugin(JsonNode list, String name) {
        return entries(list).stream().filter(p -> p.get("name").asText().equals(name))
                .filter(p -> !p.get("state").asText().equals("rejected")).findFirst();
    }

    /** The entries whose {@code file} is this file name. */
    static List<JsonNode> byFile(JsonNode list, String file) {
        return entries(list).stream().filter(p -> p.hasNonNull("file") && p.get("file").asText().equals(file)).toList();
    }

    /** The rejected entry of this file, if any. */
    static Optional<JsonNode> rejected(JsonNode list, String file) {
        return byFile(list, file).stream().filter(p -> p.get("state").asText().equals("rejected")).findFirst();
    }

    static String state(JsonNode entry) {
        return entry.get("state").asText();
    }

    static String reason(JsonNode entry) {
        return entry.get("reason").isNull() ? "" : entry.get("reason").asText();
    }

    /** Polls {@code plugin list --json} until the condition holds, for at most {@link #WAIT}. */
    JsonNode awaitList(String what, Predicate<JsonNode> condition) {
        return awaitList(what, WAIT, condition);
    }

    JsonNode awaitList(String what, Duration wait, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + wait.toNanos();
        JsonNode last = null;
        while (true) {
            last = list();
            if (condition.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + wait.toSeconds() + " s: " + what + "\nlast plugin list: "
                        + last.toPrettyString() + "\ndaemon log:\n" + log());
            }
            pause(100);
        }
    }

    /** Waits until the named plugin is in this state (and returns its entry). */
    JsonNode awaitState(String name, String state) {
        JsonNode list = awaitList("plugin " + name + " is " + state,
                l -> plugin(l, name).map(p -> state(p).equals(state)).orElse(false));
        return plugin(list, name).orElseThrow();
    }

    /** Waits until no entry (of any state) carries this plugin name. */
    void awaitGone(String name) {
        awaitList("plugin " + name + " is no longer listed",
                l -> entries(l).stream().noneMatch(p -> p.get("name").asText().equals(name)));
    }

    /** A pause between two polls (never used to wait for an effect by itself). */
    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    // ---- the Gogo shell ---------------------------------------------------------------------

    /** One service a bundle registered, as {@code inspect cap service} shows it. */
    record Service(String objectClass, long id, String commandScope) {
    }

    private static final Pattern LB_LINE = Pattern.compile("^\\s*(\\d+)\\|([^|]*)\\|\\s*(\\d+)\\|(\\S+) \\(.*$");

    /** Bundle symbolic name to bundle id, from {@code lb -s}. */
    Map<String, Long> bundleIds() {
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
    List<Service> services(long bundleId) {
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

    /** Stops the daemon (SIGKILL if SIGTERM is not enough) and deletes the directory. */
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

    static void deleteTree(Path dir) {
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
