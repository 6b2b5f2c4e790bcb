package org.example.myplugin;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import nexcage.api.cli.CliCommand;
import nexcage.api.cli.CommandContext;

/** {@code nexcage my-plugin [WORDS...]}: the plugin's command, in bash and as {@code x:my-plugin} in Gogo. */
@Component
public class MyPluginCommand implements CliCommand {

    @Override
    public String name() {
        return "my-plugin";
    }

    @Override
    public String description() {
        return "Answers with the words it is given";
    }

    @Override
    public String usage() {
        return "nexcage my-plugin [WORDS...]";
    }

    @Override
    public int execute(CommandContext context, List<String> args) {
        context.out().println("my-plugin: " + (args.isEmpty() ? "hello" : String.join(" ", args)));
        return 0;
    }
}
