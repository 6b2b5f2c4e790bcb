package nexcage.core.internal.command;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import nexcage.api.cli.CommandContext;

/**
 * The caller's streams, working directory and signals, for built-in and plugin commands alike, and
 * what the daemon knows of who the caller is ({@code caller}: the credentials security extensions
 * are given, e.g. {@code source=cli, uid=1000, user=alice} from the control socket's peer check).
 */
public record CommandIO(PrintStream out, PrintStream err, Path cwd, boolean tty, ClientSignals signals, Map<String, String> caller)
        implements CommandContext {

    /** The Gogo shell's caller: whoever holds the daemon's console, i.e. the daemon's own user. */
    public static final Map<String, String> SHELL = Map.of("source", "shell", "user", String.valueOf(System.getProperty("user.name")));

    public CommandIO {
        caller = Map.copyOf(caller);
    }

    /** A caller of the shell's credentials (a test's). */
    public CommandIO(PrintStream out, PrintStream err, Path cwd, boolean tty, ClientSignals signals) {
        this(out, err, cwd, tty, signals, SHELL);
    }

    /** A caller whose signals cannot reach the command: the shell, or a test. */
    public CommandIO(PrintStream out, PrintStream err, Path cwd, boolean tty) {
        this(out, err, cwd, tty, ClientSignals.NONE, SHELL);
    }
}
