package nexcage.core.internal.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Prunes {@code $NEXCAGE_STATE/plugins} (issue 21, defect 8): a copy that backs no installed plugin
 * and no current check (an old version, a removed plugin, a rejected file such as a zip bomb) is
 * deleted. A copy still being written by a check ({@code .incoming-*}) is left, except at start,
 * when no check can be running.
 */
final class PluginCopies {
    private PluginCopies() {
    }

    /**
     * Deletes what {@code inUse} does not name; returns how many files went. {@code inUse} answers
     * null while a check is under way (its copy exists before its result does): nothing is pruned then.
     */
    static int prune(Path dir, Supplier<Set<Path>> inUse, boolean atStart, Consumer<String> warn) {
        List<Path> present;
        try (var listing = Files.list(dir)) {
            present = listing.toList();
        } catch (IOException e) {
            return 0;
        }
        // listed before the copies in use are asked for, so a check that ends meanwhile keeps its copy
        Set<Path> keep = inUse.get();
        if (keep == null) {
            return 0;
        }
        int deleted = 0;
        for (Path p : present) {
            boolean inFlight = p.getFileName().toString().startsWith(".incoming-");
            if (!keep.contains(p) && (atStart || !inFlight)) {
                try {
                    Files.deleteIfExists(p);
                    deleted++;
                } catch (IOException e) {
                    warn.accept("cannot delete the unused plugin copy " + p + " (" + e.getMessage() + "); check the permissions of " + dir);
                }
            }
        }
        return deleted;
    }
}
