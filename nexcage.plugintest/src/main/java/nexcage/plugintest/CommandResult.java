package nexcage.plugintest;

import java.util.List;

/**
 * What one {@code nexcage ...} command answered, as a user's terminal would show it.
 *
 * @param exitCode the exit status (DESIGN §8: 0 success, 1 failure, 2 usage error)
 * @param out what the command wrote to standard output
 * @param err what it wrote to standard error
 */
public record CommandResult(int exitCode, String out, String err) {

    /** True when the command exited 0. */
    public boolean ok() {
        return exitCode == 0;
    }

    /** The non-blank lines of standard output. */
    public List<String> outLines() {
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
