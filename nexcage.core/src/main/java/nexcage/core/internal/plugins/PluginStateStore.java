package nexcage.core.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * Remembers which plugins the user disabled, across restarts and kill -9: a small properties
 * file in the state directory, written atomically (write, fsync, rename), so a crash leaves
 * either the old or the new file, never half of one.
 */
public final class PluginStateStore {
    private final Path file;
    private final Properties disabled = new Properties();

    public PluginStateStore(Path stateDir) throws IOException {
        this.file = stateDir.resolve("plugins-disabled.properties");
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                disabled.load(in);
            }
        }
    }

    public synchronized boolean isEnabled(String plugin) {
        return !disabled.containsKey(plugin);
    }

    public synchronized void setEnabled(String plugin, boolean enabled) throws IOException {
        boolean changed = enabled ? disabled.remove(plugin) != null : disabled.put(plugin, "disabled") == null;
        if (changed) {
            save();
        }
    }

    private void save() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            disabled.store(out, "plugins disabled with 'nexcage plugin disable'; written by the daemon");
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
