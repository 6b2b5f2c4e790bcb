package nexcage.core.internal.command;

import java.io.PrintStream;
import java.nio.file.Path;

import nexcage.api.cli.CommandContext;

/** The caller's streams, working directory and signals, for built-in and plugin commands alike. */
public record CommandIO(PrintStream out, PrintStream err, Path cwd, boolean tty, ClientSignals signals) implements CommandContext {

    /** A caller whose signals cannot reach the command. */
    public CommandIO(PrintStream out, PrintStream err, Path cwd, boolean tty) {
        this(out, err, cwd, tty, ClientSignals.NONE);
    }
}
