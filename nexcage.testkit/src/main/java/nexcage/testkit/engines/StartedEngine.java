package nexcage.testkit.engines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** An engine process a test started: the docker CLI against it, its test image, its log, and its stop. */
public abstract class StartedEngine implements AutoCloseable {
    protected final Path dir;
    protected final Process process;
    private final Path log;

    protected StartedEngine(Path dir, Process process, Path log) {
        this.dir = dir;
        this.process = process;
        this.log = log;
    }

    /** The engine's address, as DOCKER_HOST and config.yaml's host write it. */
    public abstract String host();

    /** What the docker CLI needs in its environment to reach this engine. */
    protected abstract Map<String, String> cliEnvironment();

    /** Whether the engine answers (and its process lives). */
    protected boolean answers() {
        try {
            return process.isAlive() && docker("version").exit() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Waits until the engine answers, at most {@code limit}; fails with its log (stopping it) when it does not. */
    protected void awaitAnswer(Duration limit, String what) throws IOException, InterruptedException {
        boolean answered;
        try {
            // polled: an engine announces nothing when it starts to answer; its exit ends the wait early
            Awaitility.await(what + " to answer or exit").atMost(limit).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100)).until(() -> answers() || !process.isAlive());
            answered = process.isAlive();
        } catch (ConditionTimeoutException e) {
            answered = false;
        }
        if (!answered) {
            close();
            throw new AssertionError(what + " did not answer on " + host() + " within " + limit.toSeconds() + " s: " + log());
        }
    }

    /** Runs the {@code docker} CLI against this engine. */
    public Commands.Out docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        return Commands.run(cliEnvironment(), Duration.ofSeconds(120), cmd);
    }

    /** Imports the busybox test image under {@code tag} (a tarball made from the host's busybox). */
    public void importBusybox(String tag) throws IOException, InterruptedException {
        Path tar = Commands.busyboxTarball(Files.createTempDirectory(dir, "image"));
        Commands.Out o = docker("import", tar.toString(), tag);
        if (o.exit() != 0) {
            throw new AssertionError("importing the busybox image into " + host() + " failed: " + o.both());
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Removes every container (Podman's conmon processes would outlive the service), stops the engine and removes its folder. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            for (String id : docker("ps", "-aq").out().split("\\s+")) {
                if (!id.isBlank()) {
                    docker("rm", "-f", id);
                }
            }
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        // storage, state, certificates: nothing of the engine is left in /tmp
        Commands.run(Map.of(), Duration.ofSeconds(60), List.of("rm", "-rf", dir.toString()));
    }
}
