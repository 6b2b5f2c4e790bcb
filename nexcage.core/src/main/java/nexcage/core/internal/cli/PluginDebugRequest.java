package nexcage.core.internal.cli;

import java.util.List;

import nexcage.core.internal.command.UsageException;
import nexcage.core.internal.daemon.DaemonLog.Level;

/**
 * The words of {@code --plugin-debug [--level debug|trace] NAME [COMMAND ...]}: the options come
 * before NAME (the launcher adds {@code --level trace} when the client's NEXCAGE_LOG_LEVEL says
 * trace), and every word after NAME is the command, options included.
 */
record PluginDebugRequest(String plugin, Level level, List<String> command, boolean help) {

    static final String USAGE = "--plugin-debug NAME [COMMAND ...]";
    static final String HELP = "usage: nexcage " + USAGE + "\n"
            + "  NAME's log lines at debug level (trace with NEXCAGE_LOG_LEVEL=trace) on stderr while COMMAND runs,\n"
            + "  or until Ctrl-C without one; then NAME's level goes back\n";

    static PluginDebugRequest parse(List<String> args) {
        Level level = Level.DEBUG;
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith("-"); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                return new PluginDebugRequest(null, level, List.of(), true);
            } else if (a.equals("--level") && i + 1 < args.size()) {
                level = level(args.get(++i));
            } else if (a.startsWith("--level=")) {
                level = level(a.substring("--level=".length()));
            } else {
                throw new UsageException("--plugin-debug: unknown option '" + a + "'; usage: nexcage " + USAGE);
            }
        }
        if (i >= args.size()) {
            throw new UsageException("--plugin-debug needs a plugin name; usage: nexcage " + USAGE + ", e.g. nexcage --plugin-debug hello hello World");
        }
        return new PluginDebugRequest(args.get(i), level, List.copyOf(args.subList(i + 1, args.size())), false);
    }

    private static Level level(String value) {
        Level l = PluginLogRequest.level(value);
        if (l.ordinal() < Level.DEBUG.ordinal()) {
            throw new UsageException("--plugin-debug --level takes debug or trace; got '" + value + "'");
        }
        return l;
    }
}
