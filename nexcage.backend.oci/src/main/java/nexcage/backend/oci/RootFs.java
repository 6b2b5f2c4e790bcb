package nexcage.backend.oci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A container's own root file system on its image's: an overlay (the image as the lower layer,
 * the container's writes in {@code upper/}; constant cost whatever the image's size), which the
 * monitor mounts in its own mount namespace at each start ({@link Monitor}), or a copy
 * ({@code cp -a}, made at create, for a data directory on a file system overlay cannot take as
 * its upper layer).
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

    /** Makes {@code container/rootfs} (and, for an overlay, its upper and work directories) from {@code image} in {@code mode}. */
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
    }

    /**
     * Unmounts a root file system still mounted in the daemon's mount namespace (one of an older
     * layout, or mounted by hand); nothing otherwise.
     */
    static void unmount(Path container) throws IOException, InterruptedException {
        Path rootfs = container.resolve("rootfs");
        if (mounted(rootfs)) {
            HostCommand.Result r = HostCommand.run(List.of("umount", rootfs.toString()), HostCommand.SHORT);
            if (!r.ok() && mounted(rootfs)) {
                check(HostCommand.run(List.of("umount", "-l", rootfs.toString()), HostCommand.SHORT), "unmount " + rootfs);
            }
        }
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
