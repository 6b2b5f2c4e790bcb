package nexcage.backend.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Test images built here from the host's static busybox: a rootfs tarball, and an OCI image layout made with umoci. */
final class TestImages {
    static final List<String> LINKS = List.of("sh", "echo", "cat", "sleep", "true", "false", "env", "ls", "pwd", "id", "kill",
            "ps", "mkdir", "touch", "rm");

    private TestImages() {
    }

    static Path busybox() {
        return Stream.of("/bin/busybox", "/usr/bin/busybox").map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("no static busybox to build the test image from; install busybox-static"));
    }

    /** A directory with bin/busybox, its links, and etc/ (as docker export writes). */
    static Path rootfs(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(busybox(), bin.resolve("busybox"));
        for (String l : LINKS) {
            Files.createSymbolicLink(bin.resolve(l), Path.of("busybox"));
        }
        Files.createDirectories(dir.resolve("etc"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.createDirectories(dir.resolve("notexec"));
        Files.writeString(dir.resolve("bin/plain"), "not a program\n");
        return dir;
    }

    /** The rootfs above as a gzip tarball. */
    static Path tarball(Path work) throws IOException, InterruptedException {
        Path root = rootfs(Files.createDirectories(work.resolve("rootfs-src")));
        Path tar = work.resolve("busybox.tar.gz");
        run(List.of("tar", "-czf", tar.toString(), "--numeric-owner", "-C", root.toString(), "."));
        return tar;
    }

    /** An OCI image layout holding the rootfs above as image {@code tag}, with {@code cmd} as its command. */
    static Path layout(Path work, String tag, String... cmd) throws IOException, InterruptedException {
        Path layout = work.resolve("layout");
        Path root = rootfs(Files.createDirectories(work.resolve("layout-src")));
        run(List.of("umoci", "init", "--layout", layout.toString()));
        run(List.of("umoci", "new", "--image", layout + ":" + tag));
        run(List.of("umoci", "insert", "--image", layout + ":" + tag, root.toString(), "/"));
        List<String> config = new java.util.ArrayList<>(List.of("umoci", "config", "--image", layout + ":" + tag,
                "--config.workingdir", "/tmp", "--config.env", "GREETING=hello"));
        for (String c : cmd) {
            config.add("--config.cmd");
            config.add(c);
        }
        run(config);
        return layout;
    }

    static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
    }
}
