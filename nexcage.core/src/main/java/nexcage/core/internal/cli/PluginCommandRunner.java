package nexcage.core.internal.cli;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.validation.ValidationException;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.plugins.Timed;

/**
 * Runs a plugin's command, whoever calls it (the router for {@code nexcage NAME}, the Gogo shell
 * for {@code x:NAME}): its own {@code --help}, its argument check (exit 2), then the command on a
 * plugin-call thread within the plugin's timeout.
 */
@Component(service = PluginCommandRunner.class)
public class PluginCommandRunner {
    private final Daemon daemon;
    private final Timed timed;

    @Activate
    public PluginCommandRunner(@Reference Daemon daemon, @Reference PluginAccounting accounting) {
        this.daemon = daemon;
        this.timed = new Timed(daemon.pluginCalls(), accounting);
    }

    public int run(PluginCommandRegistry.Registered r, List<String> args, CommandIO io) {
        String name = r.command().name();
        if (args.size() == 1 && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
            io.out().print(r.command().help());
            return 0;
        }
        try {
            r.command().validate(List.copyOf(args));
        } catch (ValidationException e) {
            io.err().println("nexcage " + name + ": " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            io.err().println("nexcage " + name + ": the arguments could not be checked: " + e + " (plugin " + r.plugin() + ")");
            return 1;
        }
        try {
            // a non-zero status is the command's answer to its user, not a failure of the plugin: only a throw counts as an error
            Integer status = timed.call(r.plugin(), PluginAccounting.COMMAND + name, "command '" + name + "' of plugin " + r.plugin(),
                    r.timeoutSeconds(), () -> r.command().execute(io, List.copyOf(args)));
            return status == null ? 0 : status;
        } catch (Timed.CallFailed e) {
            daemon.log().warn("cli", e.getMessage());
            io.err().println("nexcage " + name + ": " + e.getMessage());
            return 1;
        } finally {
            io.out().flush();
        }
    }
}
