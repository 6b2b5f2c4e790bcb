package {{package}};

import java.util.List;

import org.osgi.service.component.annotations.Component;

import nexcage.api.cli.CliCommand;
import nexcage.api.cli.CommandContext;

/** {@code nexcage {{name}} [WORDS...]}: the plugin's command, in bash and as {@code x:{{name}}} in Gogo. */
@Component
public class {{className}} implements CliCommand {

    @Override
    public String name() {
        return "{{name}}";
    }

    @Override
    public String description() {
        return "Answers with the words it is given";
    }

    @Override
    public String usage() {
        return "nexcage {{name}} [WORDS...]";
    }

    @Override
    public int execute(CommandContext context, List<String> args) {
        context.out().println("{{name}}: " + (args.isEmpty() ? "hello" : String.join(" ", args)));
        return 0;
    }
}
