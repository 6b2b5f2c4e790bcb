package nexcage.backend.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.backend.support.CommandLookup.Found;

class CommandLookupTest {
    static final String PATH = "/usr/bin:/bin";
    @TempDir
    Path root;

    @BeforeEach
    void image() throws Exception {
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("usr/bin"));
        Path busybox = Files.writeString(root.resolve("bin/busybox"), "#!");
        Files.setPosixFilePermissions(busybox, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("busybox"));
        Files.createSymbolicLink(root.resolve("usr/bin/env"), Path.of("/bin/busybox")); // absolute: inside the image
        Files.createSymbolicLink(root.resolve("usr/bin/escape"), Path.of("../../../../../../bin/busybox"));
        Files.createSymbolicLink(root.resolve("bin/loop"), Path.of("loop"));
        Files.writeString(root.resolve("bin/data"), "not a program");
        Files.setPosixFilePermissions(root.resolve("bin/data"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.createDirectories(root.resolve("bin/dir"));
    }

    @Test
    void aBareNameIsLookedUpOnThePath() {
        assertThat(CommandLookup.find(root, "sh", PATH, "/")).isEqualTo(Found.RUNNABLE);
        assertThat(CommandLookup.find(root, "env", PATH, "/")).isEqualTo(Found.RUNNABLE);
        assertThat(CommandLookup.find(root, "nosuch", PATH, "/")).isEqualTo(Found.NOT_FOUND);
        assertThat(CommandLookup.find(root, "sh", "/usr/bin", "/")).isEqualTo(Found.NOT_FOUND);
    }

    @Test
    void linksResolveInsideTheImageNeverOnTheHost() {
        assertThat(CommandLookup.resolve(root, "/usr/bin/env")).isEqualTo(root.resolve("bin/busybox"));
        // '..' stops at the image's root, as inside the container
        assertThat(CommandLookup.resolve(root, "/usr/bin/escape")).isEqualTo(root.resolve("bin/busybox"));
        assertThat(CommandLookup.find(root, "loop", PATH, "/")).isEqualTo(Found.NOT_FOUND);
    }

    @Test
    void aFileThatCannotRunIsNotInvokable() {
        assertThat(CommandLookup.find(root, "/bin/data", PATH, "/")).isEqualTo(Found.NOT_INVOKABLE);
        assertThat(CommandLookup.find(root, "/bin/dir", PATH, "/")).isEqualTo(Found.NOT_INVOKABLE);
        assertThat(CommandLookup.find(root, "data", PATH, "/")).isEqualTo(Found.NOT_INVOKABLE);
    }

    @Test
    void aRelativePathStartsAtTheWorkingDirectory() {
        assertThat(CommandLookup.find(root, "./sh", PATH, "/bin")).isEqualTo(Found.RUNNABLE);
        assertThat(CommandLookup.find(root, "bin/sh", PATH, "/")).isEqualTo(Found.RUNNABLE);
        assertThat(CommandLookup.find(root, "./sh", PATH, "/usr")).isEqualTo(Found.NOT_FOUND);
        assertThat(CommandLookup.find(root, "", PATH, "/")).isEqualTo(Found.NOT_FOUND);
    }
}
