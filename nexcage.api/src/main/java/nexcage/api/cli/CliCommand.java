package nexcage.api.cli;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

import nexcage.api.validation.ValidationException;

/**
 * A command a plugin adds to NexCage. Register it as an OSGi service; the core offers it as
 * {@code nexcage NAME ...} in bash and as {@code x:NAME} in the Gogo shell. A name equal to a
 * built-in or to a Felix/Gogo command is refused.
 */
@ConsumerType
public interface CliCommand {

    /** The command's name: what follows {@code nexcage}. */
    String name();

    /** One line saying what the command does. */
    String description();

    /** How to call it, e.g. {@code nexcage hello [NAME]}. */
    default String usage() {
        return "nexcage " + name();
    }

    /** Example calls, shown in help. */
    default List<String> examples() {
        return List.of();
    }

    /**
     * Checks the arguments before {@link #execute}; a {@link ValidationException} ends the call
     * with exit status 2 and its message.
     */
    default void validate(List<String> args) throws ValidationException {
    }

    /**
     * Runs the command. {@code args} are the words after the command's name, exactly as the user
     * typed them (never re-parsed by a shell).
     *
     * @return the exit status: 0 success, 1 failure, 2 usage error
     */
    int execute(CommandContext context, List<String> args) throws Exception;

    /** The help text; by default usage, description and examples. */
    default String help() {
        StringBuilder b = new StringBuilder("Usage: ").append(usage()).append('\n').append(description()).append('\n');
        List<String> examples = examples();
        if (!examples.isEmpty()) {
            b.append("Examples:\n");
            examples.forEach(e -> b.append("  ").append(e).append('\n'));
        }
        return b.toString();
    }

    /** Completions for the last, partly typed word of {@code args}. */
    default List<String> complete(List<String> args) {
        return List.of();
    }
}
