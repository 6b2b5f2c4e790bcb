package nexcage.core.internal.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nexcage.core.internal.daemon.DaemonLog.Level;

/**
 * One event of the daemon log as it is written ({@code TIME LEVEL [SOURCE] message}, a cause's
 * stack trace indented by four spaces below it) and read back from a plugin's log file.
 * {@code plugin} is the plugin the line is about, or null; {@code stack} the trace without its
 * indent, or null.
 */
public record LogLine(String time, Level level, String source, String plugin, String message, String stack) {

    private static final String INDENT = "    ";
    private static final Pattern HEAD = Pattern.compile("^(\\S+) (ERROR|WARN|INFO|DEBUG|TRACE) +\\[([^\\]]*)\\] (.*)$");

    /** The text written to the files: one line, then the stack trace indented. */
    public String text() {
        String head = time + " " + String.format("%-5s", level) + " [" + source + "] " + message + "\n";
        return stack == null ? head : head + stack.indent(INDENT.length());
    }

    /** The JSON Lines object of {@code logs --plugin --json}: time, level, source, plugin, message, and stack if any. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", time);
        m.put("level", level.id());
        m.put("source", source);
        m.put("plugin", plugin);
        m.put("message", message);
        if (stack != null) {
            m.put("stack", stack);
        }
        return m;
    }

    /**
     * The lines of a plugin's log file, oldest first: each head line starts an event and the lines
     * below it that are not heads are its stack trace. Lines before the first head (a file cut by
     * rotation never starts so, but a hand-edited one might) are dropped.
     */
    public static List<LogLine> parse(String text, String plugin) {
        List<LogLine> out = new ArrayList<>();
        LogLine current = null;
        StringBuilder stack = new StringBuilder();
        for (String l : text.split("\n", -1)) {
            Optional<LogLine> head = head(l, plugin);
            if (head.isPresent()) {
                add(out, current, stack);
                current = head.get();
                stack.setLength(0);
            } else if (current != null && !l.isEmpty()) {
                stack.append(l.startsWith(INDENT) ? l.substring(INDENT.length()) : l).append('\n');
            }
        }
        add(out, current, stack);
        return out;
    }

    private static Optional<LogLine> head(String line, String plugin) {
        Matcher m = HEAD.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new LogLine(m.group(1), Level.valueOf(m.group(2)), m.group(3), plugin, m.group(4), null));
    }

    private static void add(List<LogLine> out, LogLine line, StringBuilder stack) {
        if (line != null) {
            out.add(stack.length() == 0 ? line : new LogLine(line.time, line.level, line.source, line.plugin, line.message,
                    stack.toString()));
        }
    }
}
