package nexcage.backend.lxc;

import java.nio.file.Path;

/**
 * The files of one container in the lxcpath ({@code lxc-* -P}): lxc's {@code config} and
 * {@code rootfs}, NexCage's record, the command's output ({@code stdout.log}, {@code stderr.log}; a
 * system container's console goes to {@code console.log}) and lxc's log of the last start.
 */
record ContainerPaths(Path dir) {
    Path config() {
        return dir.resolve("config");
    }

    Path rootfs() {
        return dir.resolve("rootfs");
    }

    Path stdout() {
        return dir.resolve("stdout.log");
    }

    Path stderr() {
        return dir.resolve("stderr.log");
    }

    Path console() {
        return dir.resolve("console.log");
    }

    Path runLog() {
        return dir.resolve("lxc.log");
    }
}
