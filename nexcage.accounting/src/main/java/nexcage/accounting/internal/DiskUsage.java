package nexcage.accounting.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The size of a directory tree, walked with a bound on the entries it visits, so a plugin that
 * writes millions of small files cannot make the sampler walk for ever. Links are not followed
 * (a link to elsewhere is not the plugin's data); entries that vanish or cannot be read are skipped.
 */
final class DiskUsage {

    static final int MAX_ENTRIES = 100_000;

    /** @param truncated true when the walk stopped at the bound: the size is then at least {@code bytes} */
    record Size(long bytes, long entries, boolean truncated) {
    }

    private DiskUsage() {
    }

    static Size of(Path dir, int maxEntries) {
        if (dir == null || !Files.isDirectory(dir)) {
            return new Size(0, 0, false);
        }
        long[] bytes = {0};
        long[] entries = {0};
        boolean[] truncated = {false};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return count(attrs);
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    return count(attrs);
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                private FileVisitResult count(BasicFileAttributes attrs) {
                    if (++entries[0] > maxEntries) {
                        truncated[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    if (attrs.isRegularFile()) {
                        bytes[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // the directory went while it was walked: what was counted stands
        }
        return new Size(bytes[0], Math.min(entries[0], maxEntries), truncated[0]);
    }
}
