package nexcage.api.cli;

import java.io.PrintStream;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/** Where a command writes and from where it was called. */
@ProviderType
public interface CommandContext {

    /** The caller's standard output. */
    PrintStream out();

    /** The caller's standard error. */
    PrintStream err();

    /** The caller's working directory (relative paths in arguments are relative to it). */
    Path cwd();

    /** True when the caller's output is a terminal. */
    boolean tty();
}
