package nexcage.example.shout;

import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;

import nexcage.api.cli.CliCommand;
import nexcage.api.cli.CommandContext;
import org.nexcage.examples.greeting.Greetings;

/** {@code nexcage shout [NAME]}: the hello plugin's greeting, in capitals. */
@Component
public class ShoutCommand implements CliCommand {
    @Override
    public String name() {
        return "shout";
    }

    @Override
    public String description() {
        return "Greet loudly (uses the hello plugin)";
    }

    @Override
    public String usage() {
        return "nexcage shout [NAME]";
    }

    @Override
    public int execute(CommandContext context, List<String> args) {
        context.out().println(Greetings.greet(args.isEmpty() ? null : String.join(" ", args)).toUpperCase(Locale.ROOT));
        return 0;
    }
}
