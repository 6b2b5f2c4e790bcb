package nexcage.backend.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLookupInTheRootTest {

    @TempDir
    Path root;

    private void tree() throws Exception {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.writeString(bin.resolve("busybox"), "#!");
        Files.setPosixFilePermissions(bin.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("busybox"));
        Files.createDirectories(root.resolve("sbin"));
        // an absolute link: inside the container it means the container's /bin/busybox, never the host's
        Files.createSymbolicLink(root.resolve("sbin/init"), Path.of("/bin/busybox"));
        Files.createSymbolicLink(root.resolve("sbin/loop"), Path.of("loop"));
        Files.writeString(root.resolve("bin/data"), "not a program");
        Files.createDirectories(root.resolve("usr/bin"));
    }

    @Test
    void aBareNameIsLookedUpInThePathAndLinksAreFollowedInsideTheRoot() throws Exception {
        tree();
        assertThat(CommandLookup.find(root, "sh", "/usr/bin:/bin", "/")).isEqualTo(CommandLookup.Found.RUNNABLE);
        assertThat(CommandLookup.find(root, "/sbin/init", "/bin", "/")).isEqualTo(CommandLookup.Found.RUNNABLE);
        assertThat(CommandLookup.resolve(root, "/sbin/init")).isEqualTo(root.resolve("bin/busybox"));
        assertThat(CommandLookup.find(root, "../bin/sh", "/bin", "/usr")).isEqualTo(CommandLookup.Found.RUNNABLE);
    }

    @Test
    void missingAndUnrunnableAreTold() throws Exception {
        tree();
        assertThat(CommandLookup.find(root, "nosuch", "/usr/bin:/bin", "/")).isEqualTo(CommandLookup.Found.NOT_FOUND);
        assertThat(CommandLookup.find(root, "/bin/data", "/bin", "/")).isEqualTo(CommandLookup.Found.NOT_INVOKABLE);
        assertThat(CommandLookup.find(root, "/usr", "/bin", "/")).isEqualTo(CommandLookup.Found.NOT_INVOKABLE);
        assertThat(CommandLookup.find(root, "/sbin/loop", "/bin", "/")).isEqualTo(CommandLookup.Found.NOT_FOUND);
    }
}
