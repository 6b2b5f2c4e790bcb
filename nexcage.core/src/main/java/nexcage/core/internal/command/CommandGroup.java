package nexcage.core.internal.command;

import java.util.List;

/**
 * A group of built-in commands (plugin, config, hooks, containers and backend), registered as a
 * service that the command router picks up: the group declares its rows of the command table and
 * runs the commands whose first word is its own.
 *
 * <p>Each implementation also keeps its rows in a static field {@code COMMAND_ROWS}, so that the
 * build can write the launcher's help and completion from them without starting a framework
 * ({@link CommandTableWriter}); {@link #rows()} returns that same list.
 */
public interface CommandGroup {

    /** The name of the static field that holds a component's rows, read by the build. */
    String ROWS_FIELD = "COMMAND_ROWS";

    /** This group's rows of the command table. */
    List<CommandRow> rows();

    /**
     * Runs one command of this group and returns its exit status (DESIGN §8); a usage error may be
     * thrown as {@link UsageException}.
     *
     * @param command the first word of the command line, one of this group's
     * @param args the words after it (for {@code plugin list --json}: {@code list --json})
     */
    int run(String command, List<String> args, CommandIO io);

    /** How the router runs a whole command line, hooks and vetoes included. */
    @FunctionalInterface
    interface Runner {
        int run(List<String> argv, CommandIO io);
    }

    /**
     * Given by the router when it takes the group, for a command that runs another command line in
     * the same request ({@code --plugin-debug NAME COMMAND...}); most groups need none.
     */
    default void runOthersWith(Runner runner) {
    }
}
