package org.example.myplugin;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import nexcage.api.cli.CliCommand;
import nexcage.api.cli.CommandContext;

/** `nexcage my-command ...`: a command of this plugin, offered in bash and as x:my-command in Gogo. */
@Component
public class MyCommand implements CliCommand {
    @Override
    public String name() {
        return "my-command";
    }

    @Override
    public String description() {
        return "Does what my plugin does";
    }

    @Override
    public int execute(CommandContext context, List<String> args) {
        context.out().println("my-command ran with " + args);
        return 0;
    }
}
