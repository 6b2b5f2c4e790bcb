package nexcage.e2e.config;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One real {@code nexcage} daemon for the configuration tests, in its own short directory under
 * /tmp (a Unix socket path must stay under about 107 bytes), driven through the real launcher: its
 * config file is {@code $NEXCAGE_HOME/config.yaml}, the daemon gets extra environment variables
 * (the ${VAR} values), and everything it ever wrote (its log directory, its stdout and stderr
 * across restarts) can be searched for secrets. Waiting is always bounded polling.
 */
final class ConfigDaemon implements AutoCloseable {
    static final Path ROOT = Paths.get(System.getProperty("nexcage.root", "..")).toAbsolutePath().normalize();
    static final Path LAUNCHER = ROOT.resolve("nexcage");
    static final Path RUNTIME_JAR = ROOT.resolve("target/runtime/runtime.jar");
    static final Path HELLO = ROOT.resolve("examples/hello/target/hello-1.0.0.nexcage-plugin");
    static final ObjectMapper JSON = new ObjectMapper();
    /** A bound for conditions that need a command or a plugin start, not a config poll. */
    static final Duration WAIT = Duration.ofSeconds(15);

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    final Path base;
    final Path home;
    final Path state;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Path> daemonOutputs = new ArrayList<>();
    private Process daemon;
    private int starts;

    private ConfigDaemon(Path base) throws IOException {
        this.base = base;
        this.home = Files.createDirectories(base.resolve("home"));
        this.state = base.resolve("state");
        Files.createDirectories(home.resolve("plugins"));
    }

    /** A daemon-to-be in a fresh short directory with the hello plugin in its plugin directory. */
    static ConfigDaemon withHello(String prefix) throws IOException {
        for (Path p : List.of(LAUNCHER, RUNTIME_JAR, HELLO)) {
            if (!Files.exists(p)) {
                throw new IllegalStateException(p + " is missing: build the reactor first (mvn -DskipTests install)");
            }
        }
        ConfigDaemon d = new ConfigDaemon(Files.createTempDirectory(Paths.get("/tmp"), prefix));
        Files.copy(HELLO, d.home.resolve("plugins/hello-1.0.0.nexcage-plugin"));
        return d;
    }

    /** An environment variable of the daemon (from its next start). */
    ConfigDaemon env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Path configFile() {
        return home.resolve("config.yaml");
    }

    /** Replaces config.yaml whole, as editors that write a new file and rename it do. */
    void writeConfig(String yaml) {
        try {
            Path tmp = home.resolve(".config.yaml.tmp");
            Files.writeString(tmp, yaml);
            Files.move(tmp, configFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProcessBuilder builder(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> e = pb.environment();
        e.put("NEXCAGE_HOME", home.toString());
        e.put("NEXCAGE_STATE", state.toString());
        e.remove("NEXCAGE_SOCKET");
        e.remove("NEXCAGE_JAVA_OPTS");
        e.remove("NEXCAGE_LOG_LEVEL");
        return pb;
    }

    /** Runs a one-shot command (the client gets no extra environment: the daemon's is what counts). */
    Result run(String... args) {
        try {
            ProcessBuilder pb = builder(List.of(args));
            Path out = Files.createTempFile(base, "out", ".txt");
            Path err = Files.createTempFile(base, "err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("nexcage " + String.join(" ", args) + " did not finish within 60 s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
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

    /** Runs a command that must succeed and print JSON. */
    JsonNode json(String... args) {
        Result r = run(args);
        if (r.exit() != 0) {
            throw new AssertionError("nexcage " + String.join(" ", args) + " failed: " + r);
        }
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("nexcage " + String.join(" ", args) + " printed no JSON: " + r, e);
        }
    }

    /**
     * Starts {@code nexcage daemon [ARGS...]} (stdout and stderr kept apart) and waits until it
     * serves a command.
     */
    void start(String... daemonArgs) {
        try {
            starts++;
            Path out = base.resolve("daemon-" + starts + ".out");
            Path err = base.resolve("daemon-" + starts + ".err");
            daemonOutputs.add(out);
            daemonOutputs.add(err);
            List<String> args = new ArrayList<>(List.of("daemon"));
            args.addAll(List.of(daemonArgs));
            ProcessBuilder pb = builder(args);
            pb.environment().putAll(env);
            daemon = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (!daemon.isAlive()) {
                    throw new AssertionError("the daemon exited with " + daemon.exitValue() + ":\n" + Files.readString(err));
                }
                if (run("plugin", "list").exit() == 0) {
                    return;
                }
                daemon.waitFor(100, TimeUnit.MILLISECONDS);
            }
            throw new AssertionError("the daemon did not serve a command within 60 s:\n" + Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** SIGTERM, and waits (bounded) for the daemon to exit. */
    void stop() {
        if (daemon == null || !daemon.isAlive()) {
            return;
        }
        daemon.destroy();
        try {
            if (!daemon.waitFor(40, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
                throw new AssertionError("the daemon did not stop within 40 s of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    void restart() {
        stop();
        start();
    }

    /** The daemon's log file ($NEXCAGE_STATE/logs/nexcage.log). */
    Path logFile() {
        return state.resolve("logs/nexcage.log");
    }

    String log() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file the daemon wrote output to: all of $NEXCAGE_STATE/logs and its stdout and stderr of every start. */
    Map<Path, String> everythingLogged() {
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

    /** Calls {@code probe} until {@code done} accepts what it returns; fails after {@code timeout} with the last value. */
    static <T> T await(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last;
        while (true) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what + "; last seen:\n" + last);
            }
            try {
                Thread.sleep(20); // the poll interval; the condition is what the caller waits for
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** The plugin's state in {@code plugin info NAME --json}, e.g. active or disabled. */
    String pluginState(String name) {
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

    @Override
    public void close() throws IOException {
        try {
            stop();
        } finally {
            if (Files.exists(base)) {
                try (Stream<Path> all = Files.walk(base)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
