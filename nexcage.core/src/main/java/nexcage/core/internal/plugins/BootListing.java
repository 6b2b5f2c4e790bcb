package nexcage.core.internal.plugins;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code plugin list} adds while the daemon is still taking in the plugins present at start
 * (issue 22: the list answers at once instead of waiting for them): the plugin files of the
 * directories that no record names yet, i.e. files still being checked, installed or started.
 * OSGi-free.
 */
public final class BootListing {
    /** The state such a file is listed with. */
    public static final String PENDING = "pending";
    /** Why: the REASON column of such a row. */
    public static final String PENDING_REASON = "the daemon is starting: this file is checked and started in a moment";
    /** The note on stderr of a list answered before the boot's plugins are in. */
    public static final String NOTE = "nexcage: note: the daemon is still starting the plugins present at start, so some are "
            + "listed as they are now; run 'nexcage plugin list' again in a moment for their final state";

    private BootListing() {
    }

    /** The names of the files no record names (by file name), in the order given. */
    public static List<String> pendingFiles(List<Path> files, Collection<PluginRecord> records) {
        Set<String> known = records.stream().map(PluginRecord::file).filter(f -> f != null).collect(Collectors.toSet());
        return files.stream().map(f -> f.getFileName().toString()).filter(n -> !known.contains(n)).distinct().toList();
    }
}
