package nexcage.backend.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host tool (tar, umoci, mount, the OCI runtime's short commands) to its end, within a
 * time limit, and keeps what it printed (stdout and stderr merged: the tools say why they failed
 * there, and their successful output is small).
 */
final class HostCommand {
    /** A tool's exit code and output. */
    record Result(int code, String output) {
        boolean ok() {
            return code == 0;
        }

        /** The output on one line, cut to a readable length, for a message. */
        String brief() {
            String one = output.replace('\n', ' ').strip();
            return one.length() > 300 ? one.substring(0, 297) + "..." : one;
        }
    }

    static final Duration SHORT = Duration.ofSeconds(30);

    private HostCommand() {
    }

    static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        return run(command, timeout, null);
    }

    /** Runs {@code command} in {@code dir} (null: the daemon's); a tool that overruns is killed and reported as exit 124. */
    static Result run(List<String> command, Duration timeout, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        // the output goes to a file, so that a tool printing much can never block on a full pipe
        Path out = Files.createTempFile("nexcage-oci-", ".out");
        try {
            Process p = pb.redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Result(124, String.join(" ", command) + " took longer than " + timeout.toSeconds() + " s and was killed");
            }
            return new Result(p.exitValue(), read(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String read(Path out) throws IOException {
        try (InputStream in = Files.newInputStream(out)) {
            byte[] b = in.readNBytes(64 * 1024);
            return new String(b, StandardCharsets.UTF_8);
        }
    }
}
