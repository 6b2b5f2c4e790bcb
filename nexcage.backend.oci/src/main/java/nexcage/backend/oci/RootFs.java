package nexcage.backend.oci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A container's own root file system on its image's: an overlay mount (the image as the lower
 * layer, the container's writes in {@code upper/}; constant cost whatever the image's size) or a
 * copy ({@code cp -a}, for a data directory on a file system overlay cannot take as its upper
 * layer). The overlay mount lives in the host's mount table: it outlives the daemon, not a reboot,
 * so a start mounts it again when it is gone.
 */
final class RootFs {
    static final String OVERLAY = "overlay";
    static final String COPY = "copy";

    private RootFs() {
    }

    /** The mode a setting names (overlay unless it says copy). */
    static String mode(String setting) {
        return setting != null && setting.strip().equalsIgnoreCase(COPY) ? COPY : OVERLAY;
    }

    /** Makes {@code container/rootfs} from {@code image} in {@code mode}. */
    static void make(String mode, Path image, Path container) throws IOException, InterruptedException {
        Path rootfs = container.resolve("rootfs");
        if (COPY.equals(mode)) {
            check(HostCommand.run(List.of("cp", "-a", "--reflink=auto", image.toString(), rootfs.toString()), HostCommand.SHORT),
                    "copy the image's root file system " + image + " to " + rootfs);
            return;
        }
        Files.createDirectories(container.resolve("upper"));
        Files.createDirectories(container.resolve("work"));
        Files.createDirectories(rootfs);
        mount(image, container);
    }

    /** Mounts the overlay again after a reboot (or someone's umount); nothing for a copy or a mounted one. */
    static void ensureMounted(String mode, Path image, Path container) throws IOException, InterruptedException {
        if (OVERLAY.equals(mode) && !mounted(container.resolve("rootfs"))) {
            mount(image, container);
        }
    }

    /** Unmounts an overlay root file system (nothing for a copy or one not mounted). */
    static void unmount(Path container) throws IOException, InterruptedException {
        Path rootfs = container.resolve("rootfs");
        if (mounted(rootfs)) {
            HostCommand.Result r = HostCommand.run(List.of("umount", rootfs.toString()), HostCommand.SHORT);
            if (!r.ok() && mounted(rootfs)) {
                // still used by a process that has not gone yet: detach it now, the kernel frees it after
                check(HostCommand.run(List.of("umount", "-l", rootfs.toString()), HostCommand.SHORT), "unmount " + rootfs);
            }
        }
    }

    private static void mount(Path image, Path container) throws IOException, InterruptedException {
        String options = "lowerdir=" + image + ",upperdir=" + container.resolve("upper") + ",workdir=" + container.resolve("work");
        check(HostCommand.run(List.of("mount", "-t", "overlay", "overlay", "-o", options, container.resolve("rootfs").toString()),
                HostCommand.SHORT), "mount the overlay root file system at " + container.resolve("rootfs")
                + " (or set plugins.oci.config.rootfs: copy where overlay mounts are not possible)");
    }

    /** True when {@code p} is a mount point in this process's mount table. */
    static boolean mounted(Path p) throws IOException {
        String target = p.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ", 6);
            if (f.length > 4 && unescape(f[4]).equals(target)) {
                return true;
            }
        }
        return false;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static void check(HostCommand.Result r, String what) throws IOException {
        if (!r.ok()) {
            throw new IOException("could not " + what + ": " + r.brief());
        }
    }
}
