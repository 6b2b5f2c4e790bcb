package nexcage.core.internal.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plugins' own log files, {@code $NEXCAGE_STATE/logs/plugins/NAME.log}, each rotated at
 * {@link #MAX_BYTES} with {@link #KEPT} older files kept. A removed plugin's files are deleted, as
 * {@code docker rm} takes a container's logs with it, and what is still logged about it afterwards
 * (its last OSGi lines arrive late) is not written until it is installed again. Not thread-safe:
 * {@link DaemonLog} calls it under its lock.
 */
final class PluginLogFiles {
    /** A plugin's file is rotated before it grows past 1 MiB. */
    static final long MAX_BYTES = 1024 * 1024;
    /** NAME.log.1 and NAME.log.2 are kept: at most 3 MiB per plugin. */
    static final int KEPT = 2;

    private final Path dir;
    private final long maxBytes;
    private final Map<String, RotatingLogFile> files = new HashMap<>();
    private final Set<String> removed = new HashSet<>();

    PluginLogFiles(Path dir) {
        this(dir, MAX_BYTES);
    }

    PluginLogFiles(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** A name a file may be named by (the plugin name rule's characters): a bundle's bad header never names a path. */
    private static final java.util.regex.Pattern FILE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Appends to the plugin's file; a name no plugin may have (a broken bundle's header) has no file, and its line is only in nexcage.log. */
    void append(String plugin, String text) throws IOException {
        if (FILE_NAME.matcher(plugin).matches() && !removed.contains(plugin)) {
            file(plugin).append(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The plugin's kept lines, oldest first; empty when it has no log. */
    List<LogLine> read(String plugin) throws IOException {
        return FILE_NAME.matcher(plugin).matches() ? LogLine.parse(file(plugin).readAll(), plugin) : List.of();
    }

    boolean exists(String plugin) {
        return FILE_NAME.matcher(plugin).matches() && file(plugin).exists();
    }

    /** The plugin was installed (again): its lines are written from now on. */
    void installed(String plugin) {
        removed.remove(plugin);
    }

    /** The plugin was removed: its files go, and nothing more is written about it until it is installed again. */
    void removed(String plugin) throws IOException {
        if (!FILE_NAME.matcher(plugin).matches()) {
            return;
        }
        removed.add(plugin);
        RotatingLogFile f = files.remove(plugin);
        (f != null ? f : new RotatingLogFile(path(plugin), maxBytes, KEPT)).delete();
    }

    void close() {
        files.values().forEach(RotatingLogFile::close);
        files.clear();
    }

    Path path(String plugin) {
        return dir.resolve(plugin + ".log");
    }

    private RotatingLogFile file(String plugin) {
        return files.computeIfAbsent(plugin, p -> new RotatingLogFile(path(p), maxBytes, KEPT));
    }
}
