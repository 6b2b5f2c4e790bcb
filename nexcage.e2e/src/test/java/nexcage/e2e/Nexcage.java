package nexcage.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code nexcage} launcher with a private home and state directory. */
public final class Nexcage {
    public static final Path ROOT = Paths.get(System.getProperty("nexcage.root", "..")).toAbsolutePath().normalize();
    public static final Path LAUNCHER = ROOT.resolve("nexcage");
    public static final Path HELLO = ROOT.resolve("examples/hello/target/hello-1.0.0.nexcage-plugin");

    public record Result(int exit, String out, String err) {
    }

    /** Extra environment for the daemon and the client, e.g. DOCKER_HOST. */
    public final java.util.Map<String, String> env = new java.util.HashMap<>();
    public final Path home;
    public final Path state;
    private Process daemon;
    private Path daemonOut;

    public Nexcage(Path base) throws IOException {
        this.home = Files.createDirectories(base.resolve("home"));
        this.state = base.resolve("state");
        Files.createDirectories(home.resolve("plugins"));
    }

    public Path plugins() {
        return home.resolve("plugins");
    }

    public Path socket() {
        return state.resolve("nexcage.sock");
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
        env.putAll(this.env);
        return pb;
    }

    public Result run(String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = builder(List.of(args));
        Path out = Files.createTempFile("nexcage-out", ".txt");
        Path err = Files.createTempFile("nexcage-err", ".txt");
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
    }

    /** Starts {@code nexcage daemon} and waits (bounded) until it serves a one-shot command. */
    public void startDaemon() throws IOException, InterruptedException {
        daemonOut = state.getParent().resolve("daemon.out");
        daemon = builder(List.of("daemon")).redirectErrorStream(true).redirectOutput(daemonOut.toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!daemon.isAlive()) {
                throw new AssertionError("the daemon exited with " + daemon.exitValue() + ":\n" + daemonLog());
            }
            if (run("plugin", "list").exit() == 0) {
                return;
            }
            Thread.onSpinWait();
            daemon.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("the daemon did not serve a command within 60 s:\n" + daemonLog());
    }

    public boolean daemonAlive() {
        return daemon != null && daemon.isAlive();
    }

    public String daemonLog() throws IOException {
        return daemonOut != null && Files.exists(daemonOut) ? Files.readString(daemonOut) : "";
    }

    /** SIGTERM, as Ctrl-C or systemd would; returns the exit status. */
    public int stopDaemon() throws InterruptedException {
        if (daemon == null) {
            return -1;
        }
        daemon.destroy();
        if (!daemon.waitFor(40, TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
            throw new AssertionError("the daemon did not stop within 40 s of SIGTERM");
        }
        return daemon.exitValue();
    }
}
