package nexcage.core.internal.cli;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.Deactivate;

import nexcage.api.validation.ValidationException;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.plugins.Timed;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.UsageException;

/**
 * Runs one command line, given as argv (never re-parsed by a shell): a built-in, or a plugin's
 * command. Returns the exit status of DESIGN §8: 0 success, 1 failure, 2 usage error. The same
 * built-ins are registered as Gogo commands under the scopes {@code plugin} and {@code nexcage}.
 */
@Component(service = CommandRouter.class, immediate = true)
public class CommandRouter {

    private static final String NOT_YET = "is not available yet in this NexCage build";
    private static final long BOOT_WAIT_S = 60;

    private final Daemon daemon;
    private final PluginCommands pluginCommands;
    private final PluginCommandRegistry commands;
    private final nexcage.core.internal.plugins.PluginDeployer deployer;
    private final ConfigCommands configCommands;
    private final HooksCommands hooksCommands;
    private final nexcage.core.internal.containers.ContainerCommands containers;
    private final nexcage.core.internal.hooks.CoreHooks hooks;
    private final BundleContext context;
    private final List<ServiceRegistration<?>> gogo = new ArrayList<>();

    @Activate
    public CommandRouter(BundleContext context, @Reference Daemon daemon, @Reference PluginCommands pluginCommands, @Reference PluginCommandRegistry commands,
            @Reference nexcage.core.internal.plugins.PluginDeployer deployer, @Reference ConfigCommands configCommands,
            @Reference HooksCommands hooksCommands, @Reference nexcage.core.internal.hooks.CoreHooks hooks,
            @Reference nexcage.core.internal.containers.ContainerCommands containers) {
        this.containers = containers;
        this.hooksCommands = hooksCommands;
        this.hooks = hooks;
        this.deployer = deployer;
        this.configCommands = configCommands;
        this.context = context;
        this.daemon = daemon;
        this.pluginCommands = pluginCommands;
        this.commands = commands;
        commands.setRunner(this::runPluginCommand);
        registerGogo("plugin", List.of("list", "info", "health", "enable", "disable", "reload", "install", "remove",
                "validate", "test", "stats", "violations", "audit"));
        registerGogo("nexcage", List.of("version", "help", "backend", "hooks", "config", "create", "start", "stop", "kill",
                "delete", "list", "info", "exec", "logs", "run"));
    }

    @Deactivate
    void deactivate() {
        commands.setRunner(null);
        for (ServiceRegistration<?> r : gogo) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered with the bundle
            }
        }
    }

    private void registerGogo(String scope, List<String> functions) {
        for (String fn : functions) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("osgi.command.scope", scope);
            props.put("osgi.command.function", fn);
            Function f = (CommandSession session, List<Object> arguments) -> {
                List<String> argv = new ArrayList<>();
                if (scope.equals("plugin")) {
                    argv.add("plugin");
                }
                argv.add(fn);
                arguments.forEach(a -> argv.add(String.valueOf(a)));
                java.io.PrintStream console = session.getConsole();
                int status = run(argv, new CommandIO(console, console, java.nio.file.Paths.get("").toAbsolutePath(), true));
                return status == 0 ? null : "exit status " + status;
            };
            gogo.add(context.registerService(Function.class.getName(), f, props));
        }
    }

    /** Commands an admin must always be able to run: cli.pre_command cannot veto them (DESIGN §8). */
    private static final java.util.Set<String> NOT_VETOABLE = java.util.Set.of("plugin disable", "plugin remove", "plugin list",
            "plugin info", "config reload", "version", "help");

    /** Runs argv; never throws. Fires cli.pre_command (which may veto), cli.post_command and cli.command_error. */
    public int run(List<String> argv, CommandIO io) {
        String command = commandName(argv);
        String args = String.join(" ", argv.subList(Math.min(argv.size(), command.split(" ").length), argv.size()));
        int status;
        String error = null;
        try {
            nexcage.api.hooks.HookResult pre = hooks.fire(nexcage.api.hooks.HookNames.CLI_PRE_COMMAND, "command", command, "args", args);
            if (pre.vetoed() && !NOT_VETOABLE.contains(command)) {
                io.err().println("nexcage: " + command + ": " + pre.message());
                status = 1;
                error = pre.message();
            } else {
                status = dispatch(argv, io);
            }
        } catch (UsageException | ValidationException e) {
            io.err().println("nexcage: " + e.getMessage());
            status = 2;
            error = e.getMessage();
        } catch (RuntimeException e) {
            daemon.log().error("cli", "command " + argv + " failed: " + e, e);
            io.err().println("nexcage: " + (argv.isEmpty() ? "" : argv.get(0) + ": ") + "internal error: " + e
                    + "; see the daemon log in " + daemon.paths().logDir());
            status = 1;
            error = e.toString();
        } finally {
            io.out().flush();
            io.err().flush();
        }
        hooks.fire(nexcage.api.hooks.HookNames.CLI_POST_COMMAND, "command", command, "args", args, "exit_code", Integer.toString(status));
        if (status != 0) {
            hooks.fire(nexcage.api.hooks.HookNames.CLI_COMMAND_ERROR, "command", command, "args", args, "exit_code",
                    Integer.toString(status), "error", error);
        }
        return status;
    }

    /** {@code plugin list}, {@code config reload}, {@code hello}: the built-in's two words, else the first. */
    private static String commandName(List<String> argv) {
        if (argv.isEmpty()) {
            return "help";
        }
        String first = argv.get(0);
        if ((first.equals("plugin") || first.equals("config") || first.equals("hooks") || first.equals("backend")) && argv.size() > 1) {
            return first + " " + argv.get(1);
        }
        return first.equals("--help") || first.equals("-h") ? "help" : first;
    }

    private int dispatch(List<String> argv, CommandIO io) {
        if (argv.isEmpty() || argv.get(0).equals("help") || argv.get(0).equals("--help") || argv.get(0).equals("-h")) {
            io.out().print(Help.TEXT);
            return 0;
        }
        String cmd = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        if (!cmd.equals("version")) {
            awaitBoot(io);
        }
        switch (cmd) {
            case "version":
                io.out().println("nexcage daemon " + daemon.runtimeVersion() + " (Apache Felix "
                        + daemon.systemBundle().getVersion() + ", Java " + System.getProperty("java.version") + ")");
                return 0;
            case "plugin":
                return pluginCommands.run(rest, io);
            case "config":
                return configCommands.run(rest, io);
            case "hooks":
                return hooksCommands.run(rest, io);
            case "logs":
                if (rest.contains("--plugin")) {
                    io.err().println("nexcage: 'logs --plugin' " + NOT_YET + "; the daemon log is in " + daemon.paths().logDir());
                    return 1;
                }
                return containers.run(cmd, rest, io);
            case "backend":
            case "create":
            case "start":
            case "stop":
            case "kill":
            case "delete":
            case "list":
            case "info":
            case "exec":
            case "run":
                return containers.run(cmd, rest, io);
            default:
                return commands.find(cmd).map(r -> runPluginCommand(r, rest, io)).orElseGet(() -> {
                    io.err().println("nexcage: unknown command '" + cmd + "'; run 'nexcage help' for the built-in commands "
                            + "and 'nexcage plugin list' for the loaded plugins");
                    return 2;
                });
        }
    }

    /** Commands right after start see the plugins that were there at boot, not a half-deployed set. */
    private void awaitBoot(CommandIO io) {
        try {
            if (!deployer.awaitBoot(BOOT_WAIT_S, java.util.concurrent.TimeUnit.SECONDS)) {
                io.err().println("nexcage: note: the plugins present at start are still being started; the answer may be partial");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int runPluginCommand(PluginCommandRegistry.Registered r, List<String> args, CommandIO io) {
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
            Integer status = Timed.call(daemon.pluginCalls(), "command '" + name + "' of plugin " + r.plugin(),
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

    /** For tests and help: the plugin commands offered now, by name. */
    public Map<String, PluginCommandRegistry.Registered> pluginCommands() {
        return commands.all();
    }
}
