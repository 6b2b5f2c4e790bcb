package nexcage.backend.support;

import java.nio.file.Path;

/**
 * The files every backend keeps in a container's directory: its root file system ({@code rootfs})
 * and the command's output ({@code stdout.log}, {@code stderr.log}). A backend extends it with its own.
 */
public class ContainerFiles {
    private final Path dir;

    public ContainerFiles(Path dir) {
        this.dir = dir;
    }

    public final Path dir() {
        return dir;
    }

    public final Path rootfs() {
        return dir.resolve("rootfs");
    }

    public final Path stdout() {
        return dir.resolve("stdout.log");
    }

    public final Path stderr() {
        return dir.resolve("stderr.log");
    }
}
