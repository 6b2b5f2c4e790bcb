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
 * Decides whether a plugin is enabled, across restarts and kill -9 (DESIGN §3): the newer of two
 * facts wins, the last {@code plugin enable/disable} and the last change of
 * {@code plugins.NAME.enabled} in config.yaml (detected against the value recorded here). No fact
 * at all means enabled. Written atomically (write, fsync, rename): a crash leaves the old or the
 * new file, never half of one.
 */
public final class PluginStateStore {
    private static final String ENABLED = "enabled";
    private static final String DISABLED = "disabled";
    private static final String ABSENT = "absent";

    private final Path file;
    private final Properties p = new Properties();

    public PluginStateStore(Path stateDir) throws IOException {
        this.file = stateDir.resolve("plugin-flags.properties");
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
    }

    public synchronized boolean isEnabled(String plugin) {
        return !DISABLED.equals(winner(plugin));
    }

    private String winner(String plugin) {
        return cliWins(plugin) ? p.getProperty(plugin + ".cli") : p.getProperty(plugin + ".file");
    }

    private boolean cliWins(String plugin) {
        return p.getProperty(plugin + ".cli") != null
                && (p.getProperty(plugin + ".file") == null || seq(plugin + ".cli.at") > seq(plugin + ".file.at"));
    }

    /** {@code plugin enable/disable}: a new fact, newer than anything before it. */
    public synchronized void setEnabled(String plugin, boolean enabled) throws IOException {
        setEnabled(plugin, enabled, null);
    }

    /**
     * A new fact with the reason the core disabled the plugin by itself (too many capability
     * violations), shown until the plugin is enabled again; null for a person's own choice.
     */
    public synchronized void setEnabled(String plugin, boolean enabled, String reason) throws IOException {
        p.setProperty(plugin + ".cli", enabled ? ENABLED : DISABLED);
        p.setProperty(plugin + ".cli.at", Long.toString(next()));
        if (reason == null || enabled) {
            p.remove(plugin + ".cli.reason");
        } else {
            p.setProperty(plugin + ".cli.reason", reason);
        }
        save();
    }

    /** Why the core disabled the plugin, while that is the fact in force; null otherwise. */
    public synchronized String disabledReason(String plugin) {
        return cliWins(plugin) && DISABLED.equals(p.getProperty(plugin + ".cli")) ? p.getProperty(plugin + ".cli.reason") : null;
    }

    /**
     * The flag config.yaml has now ({@code null}: no {@code enabled:} key); it counts as a new fact
     * only when it differs from the one recorded before. Returns true when it did.
     */
    public synchronized boolean recordFileFlag(String plugin, Boolean enabled) throws IOException {
        String v = enabled == null ? ABSENT : enabled ? ENABLED : DISABLED;
        String before = p.getProperty(plugin + ".file");
        if (v.equals(before) || before == null && v.equals(ABSENT)) {
            return false;
        }
        p.setProperty(plugin + ".file", v);
        p.setProperty(plugin + ".file.at", Long.toString(next()));
        save();
        return true;
    }

    /** Plugins with a flag recorded from config.yaml. */
    public synchronized java.util.Set<String> pluginsWithFileFlag() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String k : p.stringPropertyNames()) {
            if (k.endsWith(".file")) {
                out.add(k.substring(0, k.length() - ".file".length()));
            }
        }
        return out;
    }

    private long seq(String key) {
        try {
            return Long.parseLong(p.getProperty(key, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private long next() {
        long n = seq("seq") + 1;
        p.setProperty("seq", Long.toString(n));
        return n;
    }

    private void save() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "plugin enable/disable facts; written by the NexCage daemon, do not edit while it runs");
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
