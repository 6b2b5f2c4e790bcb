package nexcage.example.hello;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import nexcage.api.cli.CliCommand;
import nexcage.api.cli.CommandContext;
import org.nexcage.examples.greeting.Greetings;

/** {@code nexcage hello [NAME]}: prints {@code Hello, NAME!}, or {@code Hello, World!}. */
@Component
public class HelloCommand implements CliCommand {

    @Override
    public String name() {
        return "hello";
    }

    @Override
    public String description() {
        return "Say hello from a plugin";
    }

    @Override
    public String usage() {
        return "nexcage hello [NAME]";
    }

    @Override
    public List<String> examples() {
        return List.of("nexcage hello", "nexcage hello World");
    }

    /** A name is printed, never run, so any characters are fine; only the count is checked. */
    @Override
    public void validate(List<String> args) {
        if (args.size() > 1) {
            throw new nexcage.api.validation.ValidationException(
                    nexcage.api.validation.ValidationErrorKind.INVALID_COMMAND,
                    "hello takes at most one name, got " + args.size() + " words; quote a name with spaces, e.g. nexcage hello 'Ada Lovelace'");
        }
    }

    @Override
    public int execute(CommandContext context, List<String> args) {
        context.out().println(Greetings.greet(args.isEmpty() ? null : args.get(0)));
        return 0;
    }
}
