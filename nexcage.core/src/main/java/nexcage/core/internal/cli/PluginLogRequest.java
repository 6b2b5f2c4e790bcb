package nexcage.core.internal.cli;

import java.util.List;

import nexcage.core.internal.command.UsageException;
import nexcage.core.internal.daemon.DaemonLog.Level;
import nexcage.core.internal.daemon.LogLine;

/**
 * The words of {@code logs --plugin NAME [-f] [-n N|all] [--level LEVEL] [--json]}, read as
 * {@code docker logs} reads its own (an option's value after it or after {@code =}), and what they
 * select of a plugin's lines. {@code tail} is -1 for all.
 */
record PluginLogRequest(String plugin, boolean follow, int tail, Level level, boolean json, boolean help) {

    static final String USAGE = "logs --plugin NAME [-f] [-n N|all] [--level LEVEL] [--json]";
    static final String HELP = "usage: nexcage " + USAGE + "\n"
            + "  a plugin's log, oldest first; -n N the last N lines, --level LEVEL that level and more severe,\n"
            + "  --json one JSON object per line, -f follows new lines until Ctrl-C\n";

    static PluginLogRequest parse(List<String> args) {
        String plugin = null;
        boolean follow = false;
        boolean json = false;
        int tail = -1;
        Level level = Level.TRACE;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            int eq = a.indexOf('=');
            String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            String inline = a.startsWith("--") && eq > 0 ? a.substring(eq + 1) : null;
            switch (name) {
                case "-h", "--help" -> {
                    return new PluginLogRequest(null, false, -1, level, false, true);
                }
                case "-f", "--follow" -> follow = true;
                case "--json" -> json = true;
                case "--plugin" -> plugin = inline != null ? inline : value(args, ++i, "--plugin", "a plugin name, e.g. --plugin hello");
                case "-n", "--tail" -> tail = lines(inline != null ? inline : value(args, ++i, name, "a number of lines or 'all', e.g. -n 20"));
                case "--level" -> level = level(inline != null ? inline : value(args, ++i, "--level", "a level, e.g. --level warn"));
                default -> throw new UsageException(a.startsWith("-") ? "logs --plugin: unknown option '" + a + "'; usage: nexcage " + USAGE
                        : "logs --plugin: unexpected '" + a + "'; usage: nexcage " + USAGE);
            }
        }
        if (plugin == null || plugin.isEmpty()) {
            throw new UsageException("logs --plugin needs a plugin name; usage: nexcage " + USAGE);
        }
        return new PluginLogRequest(plugin, follow, tail, level, json, false);
    }

    private static String value(List<String> args, int i, String option, String example) {
        if (i >= args.size()) {
            throw new UsageException("logs " + option + " takes " + example);
        }
        return args.get(i);
    }

    /** A count, or {@code all} as -1, as {@code logs ID -n} reads it. */
    static int lines(String n) {
        if (n.equals("all")) {
            return -1;
        }
        if (!n.matches("[0-9]+")) {
            throw new UsageException("-n takes a number of lines or 'all', e.g. -n 20; got '" + n + "'");
        }
        return n.replaceFirst("^0+(?=.)", "").length() > 9 ? -1 : Integer.parseInt(n);
    }

    static Level level(String value) {
        return Level.parse(value).orElseThrow(() -> new UsageException(
                "--level takes error, warn, info, debug or trace (that level and the more severe ones); got '" + value + "'"));
    }

    /** Whether a line is at the level asked for or more severe. */
    boolean shows(LogLine line) {
        return line.level().ordinal() <= level.ordinal();
    }

    /** The lines shown of these (oldest first): those at the level, the last {@code tail} of them. */
    List<LogLine> select(List<LogLine> lines) {
        List<LogLine> shown = lines.stream().filter(this::shows).toList();
        return tail < 0 || tail >= shown.size() ? shown : shown.subList(shown.size() - tail, shown.size());
    }
}
