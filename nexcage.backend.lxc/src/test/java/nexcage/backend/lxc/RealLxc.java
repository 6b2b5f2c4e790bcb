package nexcage.backend.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import nexcage.api.backend.BackendHealth;

/**
 * The backend of the real-lxc tests: one instance for the run, its data directory under
 * target/lxc-data, holding the image {@value #IMAGE} imported from a tarball of the host's busybox
 * (built here). The tests need root and Debian's lxc and busybox(-static): without them they fail,
 * saying what to install, never skip.
 */
final class RealLxc {

    static final String IMAGE = "nexcage-test/busybox:latest";
    static final List<String> APPLETS = List.of("sh", "echo", "cat", "sleep", "true", "false", "ls", "ps", "kill", "env", "trap",
            "id", "hostname", "pwd", "wc", "ip");
    private static LxcBackend backend;

    private RealLxc() {
    }

    static synchronized LxcBackend backend() {
        if (backend == null) {
            LxcBackend b = new LxcBackend(dataDir());
            BackendHealth h = b.health();
            assertEquals(BackendHealth.State.HEALTHY, h.state(), () -> "these tests run real LXC containers and need root and"
                    + " Debian's lxc (apt-get install lxc): " + h.reason());
            try {
                b.importImage(IMAGE, busyboxTarball(Files.createTempDirectory("nexcage-lxc-image"), false));
            } catch (Exception e) {
                throw new AssertionError("cannot import the test image " + IMAGE + ": " + e.getMessage(), e);
            }
            backend = b;
        }
        return backend;
    }

    static Path dataDir() {
        return Path.of("target", "lxc-data").toAbsolutePath();
    }

    /** A tarball of a root file system with the host's busybox and its links ({@code /sbin/init} too when {@code system}). */
    static Path busyboxTarball(Path work, boolean system) throws IOException, InterruptedException {
        Path busybox = Stream.of("/bin/busybox", "/usr/bin/busybox").map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("no busybox to build the test image from; install busybox-static"));
        Path root = work.resolve("rootfs");
        Path bin = Files.createDirectories(root.resolve("bin"));
        for (String d : List.of("proc", "sys", "dev", "tmp", "etc", "sbin")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(busybox, bin.resolve("busybox"));
        for (String a : APPLETS) {
            Files.createSymbolicLink(bin.resolve(a), Path.of("busybox"));
        }
        if (system) {
            Files.createSymbolicLink(root.resolve("sbin/init"), Path.of("/bin/busybox"));
            Files.writeString(root.resolve("etc/inittab"), "::sysinit:/bin/echo booted\n::respawn:/bin/sleep 1000\n"
                    + "::shutdown:/bin/echo going down\n");
        }
        Path tar = work.resolve("rootfs.tar.gz");
        Process p = new ProcessBuilder("tar", "-C", root.toString(), "-czf", tar.toString(), ".").inheritIO().start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("tar of the busybox root file system failed");
        }
        return tar;
    }
}
