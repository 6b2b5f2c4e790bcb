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
import java.util.Locale;

/**
 * The daemon's log: one line per event, to stderr and to {@code $NEXCAGE_STATE/logs/nexcage.log}.
 * The level comes from {@code NEXCAGE_LOG_LEVEL} (error, warn, info, debug; default info).
 */
public final class DaemonLog {

    public enum Level { ERROR, WARN, INFO, DEBUG }

    private final Level threshold;
    private final PrintStream console;
    private OutputStream file;

    public DaemonLog(Level threshold, PrintStream console) {
        this.threshold = threshold;
        this.console = console;
    }

    public static Level parseLevel(String value) {
        if (value == null || value.isBlank()) {
            return Level.INFO;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.equals("WARNING")) {
            return Level.WARN;
        }
        if (v.equals("TRACE")) {
            return Level.DEBUG;
        }
        try {
            return Level.valueOf(v);
        } catch (IllegalArgumentException e) {
            return Level.INFO;
        }
    }

    /** Starts appending to the log file in {@code dir} as well. */
    public synchronized void openFile(Path dir) throws IOException {
        Files.createDirectories(dir);
        file = Files.newOutputStream(dir.resolve("nexcage.log"), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
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
    }

    /** The least severe level this log writes. */
    public Level threshold() {
        return threshold;
    }

    public boolean enabled(Level level) {
        return level.ordinal() <= threshold.ordinal();
    }

    public void log(Level level, String source, String message) {
        log(level, source, message, null);
    }

    /** Logs one line, followed by the cause's stack trace when there is one (so "internal error" lines can be traced). */
    public void log(Level level, String source, String message, Throwable cause) {
        if (!enabled(level)) {
            return;
        }
        String line = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + String.format("%-5s", level) + " [" + source + "] "
                + message.replace('\n', ' ') + "\n" + (cause == null ? "" : stackTrace(cause));
        synchronized (this) {
            console.print(line);
            console.flush();
            if (file != null) {
                try {
                    file.write(line.getBytes(StandardCharsets.UTF_8));
                    file.flush();
                } catch (IOException e) {
                    console.println("nexcage: cannot write the log file: " + e.getMessage());
                }
            }
        }
    }

    private static String stackTrace(Throwable cause) {
        java.io.StringWriter w = new java.io.StringWriter();
        cause.printStackTrace(new java.io.PrintWriter(w));
        return w.toString().indent(4);
    }

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
}
