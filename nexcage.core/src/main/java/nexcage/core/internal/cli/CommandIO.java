package nexcage.core.internal.cli;

import java.io.PrintStream;
import java.nio.file.Path;

import nexcage.api.cli.CommandContext;

/** The caller's streams and working directory, for built-in and plugin commands alike. */
public record CommandIO(PrintStream out, PrintStream err, Path cwd, boolean tty) implements CommandContext {
}
