package nexcage.testkit.engines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end within a bound, and waits (bounded) for a condition. */
public final class Commands {
    private Commands() {
    }

    /** What a command did. */
    public record Out(int exit, String out, String err) {
        /** The output and error, for an assertion's message. */
        public String both() {
            return out + err;
        }
    }

    /** Runs {@code cmd} with {@code env} added to this process's environment; fails when it takes longer than {@code limit}. */
    public static Out run(Map<String, String> env, Duration limit, List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("nexcage-cmd", ".out");
        Path err = Files.createTempFile("nexcage-cmd", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + limit.toSeconds() + " s");
            }
            return new Out(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs {@code cmd} and fails, with its output, unless it exits 0. */
    public static Out ok(Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
        Out o = run(env, Duration.ofSeconds(120), cmd);
        if (o.exit() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed with exit code " + o.exit() + ": " + o.both().strip());
        }
        return o;
    }

    /**
     * A tarball of a root file system holding {@code /bin/busybox} and links for the tools the
     * tests use, for {@code docker import} (no registry is reachable here).
     */
    public static Path busyboxTarball(Path dir) throws IOException, InterruptedException {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) {
            throw new AssertionError("/bin/busybox is missing; install busybox-static (./test.sh does) to build the test image");
        }
        Path root = Files.createDirectories(dir.resolve("busybox-root/bin"));
        Files.copy(busybox, root.resolve("busybox"));
        for (String tool : List.of("sh", "echo", "sleep", "cat", "ls", "true", "false", "env", "printf", "kill")) {
            Files.createSymbolicLink(root.resolve(tool), Path.of("busybox"));
        }
        Path tar = dir.resolve("busybox.tar");
        ok(Map.of(), List.of("tar", "-C", root.getParent().toString(), "-cf", tar.toString(), "."));
        return tar;
    }
}
