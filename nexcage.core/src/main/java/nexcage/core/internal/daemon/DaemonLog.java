package nexcage.core.internal.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The daemon's log: one line per event, to stderr and to {@code $NEXCAGE_STATE/logs/nexcage.log}.
 * A line about a plugin ({@link #about}, and every line a plugin writes itself) also goes to that
 * plugin's file, {@code logs/plugins/NAME.log} ({@link PluginLogFiles}), and to the clients that
 * follow it. The level comes from {@code NEXCAGE_LOG_LEVEL} (error, warn, info, debug, trace;
 * default info); {@code --plugin-debug} raises one plugin's level for a while ({@link #levels}).
 */
public final class DaemonLog {

    public enum Level {
        ERROR, WARN, INFO, DEBUG, TRACE;

        /** The name users write: {@code info}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** A level from what a user wrote (any case; {@code warning} is {@code warn}); empty if it is none. */
        public static Optional<Level> parse(String value) {
            if (value == null) {
                return Optional.empty();
            }
            String v = value.trim().toUpperCase(Locale.ROOT);
            if (v.equals("WARNING")) {
                return Optional.of(WARN);
            }
            try {
                return Optional.of(valueOf(v));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /** The sentence for a value of NEXCAGE_LOG_LEVEL that is no level. */
    public static String notALevel(String what, String value) {
        return what + "='" + value + "' is not a log level; use error, warn, info, debug or trace";
    }

    private final Level threshold;
    private final PrintStream console;
    private final PluginLevels levels = new PluginLevels();
    private final Map<String, List<LogFollower>> followers = new ConcurrentHashMap<>();
    private OutputStream file;
    private PluginLogFiles pluginFiles;
    private volatile Runnable awaitPending;

    public DaemonLog(Level threshold, PrintStream console) {
        this.threshold = threshold;
        this.console = console;
    }

    /** A level a plugin or the hooks gave: leniently, as their lines are never lost for a misspelt level (info then). */
    public static Level parseLevel(String value) {
        return value == null || value.isBlank() ? Level.INFO : Level.parse(value).orElse(Level.INFO);
    }

    /** Starts appending to the log file in {@code dir} as well, and to the plugins' files in {@code dir/plugins}. */
    public synchronized void openFile(Path dir) throws IOException {
        Files.createDirectories(dir);
        file = Files.newOutputStream(dir.resolve("nexcage.log"), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        pluginFiles = new PluginLogFiles(dir.resolve("plugins"));
    }

    public synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // the log is closing with the daemon; nowhere left to report this
            }
            file = null;
        }
        if (pluginFiles != null) {
            pluginFiles.close();
        }
    }

    /** The least severe level this log writes. */
    public Level threshold() {
        return threshold;
    }

    /** The plugins whose level a client raised. */
    public PluginLevels levels() {
        return levels;
    }

    public boolean enabled(Level level) {
        return level.ordinal() <= threshold.ordinal();
    }

    /** Whether a line at {@code level} about {@code plugin} (null: about none) is written: the daemon's level, or the plugin's raised one. */
    public boolean enabled(Level level, String plugin) {
        return enabled(level) || levels.of(plugin).map(l -> level.ordinal() <= l.ordinal()).orElse(false);
    }

    public void log(Level level, String source, String message) {
        log(level, source, message, null);
    }

    /** Logs one line, followed by the cause's stack trace when there is one (so "internal error" lines can be traced). */
    public void log(Level level, String source, String message, Throwable cause) {
        write(level, source, null, message, cause);
    }

    /** Lines about this plugin: they go to its own file as well, at its level. */
    public About about(String plugin) {
        return new About(plugin);
    }

    private void write(Level level, String source, String plugin, String message, Throwable cause) {
        if (!enabled(level, plugin)) {
            return;
        }
        LogLine line = new LogLine(Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), level, source, plugin,
                message.replace('\n', ' '), cause == null ? null : stackTrace(cause));
        String text = line.text();
        synchronized (this) {
            console.print(text);
            console.flush();
            if (file != null) {
                try {
                    file.write(text.getBytes(StandardCharsets.UTF_8));
                    file.flush();
                } catch (IOException e) {
                    console.println("nexcage: cannot write the log file: " + e.getMessage());
                }
            }
            if (plugin != null) {
                toPlugin(line, text);
            }
        }
    }

    private void toPlugin(LogLine line, String text) {
        if (pluginFiles != null) {
            try {
                pluginFiles.append(line.plugin(), text);
            } catch (IOException | IllegalArgumentException e) {
                console.println("nexcage: cannot write the log file of plugin " + line.plugin() + ": " + e.getMessage());
            }
        }
        List<LogFollower> fs = followers.get(line.plugin());
        if (fs != null) {
            fs.forEach(f -> f.offer(line));
        }
    }

    private static String stackTrace(Throwable cause) {
        java.io.StringWriter w = new java.io.StringWriter();
        cause.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    // ---- the plugins' files -------------------------------------------------------------------

    /** The plugin's kept lines, oldest first (empty: it has no log). */
    public synchronized List<LogLine> pluginLines(String plugin) throws IOException {
        return pluginFiles == null ? List.of() : pluginFiles.read(plugin);
    }

    public synchronized boolean hasPluginLog(String plugin) {
        return pluginFiles != null && pluginFiles.exists(plugin);
    }

    /**
     * Follows the lines about the plugin from now on; with {@code history}, the follower also has
     * what its file holds now, taken under the same lock as the writes so no line is lost or seen twice.
     */
    public synchronized LogFollower follow(String plugin, boolean history) throws IOException {
        List<LogLine> before = history ? pluginLines(plugin) : List.of();
        return new LogFollower(plugin, before, LogFollower.CAPACITY, f -> {
            followers.computeIfAbsent(plugin, p -> new CopyOnWriteArrayList<>()).add(f);
            return () -> followers.computeIfPresent(plugin, (p, l) -> {
                l.remove(f);
                return l.isEmpty() ? null : l;
            });
        });
    }

    /** The plugin was installed: lines about it are written to its file (again). */
    public synchronized void pluginInstalled(String plugin) {
        if (pluginFiles != null) {
            pluginFiles.installed(plugin);
        }
    }

    /** The plugin was removed: its log goes with it (as {@code docker rm} takes a container's logs). */
    public synchronized void pluginRemoved(String plugin) {
        if (pluginFiles != null) {
            try {
                pluginFiles.removed(plugin);
            } catch (IOException | IllegalArgumentException e) {
                console.println("nexcage: cannot delete the log file of plugin " + plugin + ": " + e.getMessage());
            }
        }
    }

    /** How to wait until the lines logged so far that reach this log by another thread (the OSGi log's) are written. */
    public void awaitPendingWith(Runnable how) {
        awaitPending = how;
    }

    /** Waits (bounded) until the lines logged so far elsewhere have reached this log. */
    public void awaitPending() {
        Runnable how = awaitPending;
        if (how != null) {
            how.run();
        }
    }

    // ---- shorthands -----------------------------------------------------------------------------

    public void error(String source, String message) {
        log(Level.ERROR, source, message);
    }

    public void error(String source, String message, Throwable cause) {
        log(Level.ERROR, source, message, cause);
    }

    public void warn(String source, String message, Throwable cause) {
        log(Level.WARN, source, message, cause);
    }

    public void warn(String source, String message) {
        log(Level.WARN, source, message);
    }

    public void info(String source, String message) {
        log(Level.INFO, source, message);
    }

    public void debug(String source, String message) {
        log(Level.DEBUG, source, message);
    }

    /** The log's lines about one plugin (see {@link #about}). */
    public final class About {
        private final String plugin;

        private About(String plugin) {
            this.plugin = plugin;
        }

        public boolean enabled(Level level) {
            return DaemonLog.this.enabled(level, plugin);
        }

        public void log(Level level, String source, String message, Throwable cause) {
            write(level, source, plugin, message, cause);
        }

        public void error(String source, String message) {
            log(Level.ERROR, source, message, null);
        }

        public void error(String source, String message, Throwable cause) {
            log(Level.ERROR, source, message, cause);
        }

        public void warn(String source, String message) {
            log(Level.WARN, source, message, null);
        }

        public void warn(String source, String message, Throwable cause) {
            log(Level.WARN, source, message, cause);
        }

        public void info(String source, String message) {
            log(Level.INFO, source, message, null);
        }

        public void debug(String source, String message) {
            log(Level.DEBUG, source, message, null);
        }
    }
}
