package nexcage.backend.lxc;

import java.nio.file.Path;

import nexcage.backend.support.ContainerFiles;

/**
 * The files of one container in the lxcpath ({@code lxc-* -P}): lxc's {@code config} and
 * {@code rootfs}, NexCage's record, the command's output ({@code stdout.log}, {@code stderr.log}; a
 * system container's console goes to {@code console.log}) and lxc's log of the last start.
 */
final class ContainerPaths extends ContainerFiles {
    ContainerPaths(Path dir) {
        super(dir);
    }

    // one line each: what matters is the file names
    Path config() { return dir().resolve("config"); }
    Path console() { return dir().resolve("console.log"); }
    Path runLog() { return dir().resolve("lxc.log"); }
}
