package nexcage.core.internal.cli;

import static nexcage.core.internal.command.CommandRow.Flag.CLIENT_SIDE;
import static nexcage.core.internal.command.CommandRow.Flag.NOT_VETOABLE;
import static nexcage.core.internal.command.CommandRow.Flag.NO_BOOT_WAIT;
import static nexcage.core.internal.command.CommandRow.Section.DAEMON;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import nexcage.api.hooks.HookNames;
import nexcage.api.hooks.HookResult;
import nexcage.api.validation.ValidationException;
import nexcage.core.internal.command.CommandGroup;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.CommandRow;
import nexcage.core.internal.command.CommandTable;
import nexcage.core.internal.command.UsageException;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.hooks.CoreHooks;
import nexcage.core.internal.plugins.PluginDeployer;

/**
 * Runs one command line, given as argv (never re-parsed by a shell): a built-in of one of the
 * {@link CommandGroup} services, or a plugin's command. Returns the exit status of DESIGN §8: 0
 * success, 1 failure, 2 usage error. The help and the Gogo commands (scopes {@code plugin} and
 * {@code nexcage}) come from the same command table.
 */
@Component(service = CommandRouter.class, immediate = true)
public class CommandRouter {

    /** The router's own commands, and the launcher's, which the help lists with the others. */
    static final List<CommandRow> COMMAND_ROWS = List.of(
            CommandRow.of(DAEMON, "daemon", "daemon [--config FILE]",
                    "run the NexCage daemon in the foreground (it is built on first use); the config is FILE, else $NEXCAGE_HOME/config.yaml", CLIENT_SIDE),
            CommandRow.of(DAEMON, "shell", "shell", "open the Gogo shell of the running daemon (full control)", CLIENT_SIDE),
            CommandRow.of(DAEMON, "version", "version", "the client's and the daemon's version", NOT_VETOABLE, NO_BOOT_WAIT),
            CommandRow.of(DAEMON, "help", "help", "this overview of the commands", NOT_VETOABLE, NO_BOOT_WAIT),
            CommandRow.of(DAEMON, "completion", "completion bash", "a bash completion script: source <(nexcage completion bash)",
                    CLIENT_SIDE));

    private static final long BOOT_WAIT_S = 60;

    private final Daemon daemon;
    private final PluginCommandRegistry commands;
    private final PluginCommandRunner pluginRunner;
    private final PluginDeployer deployer;
    private final CoreHooks hooks;
    private final GogoFunctions gogo;
    private final Map<CommandGroup, String> groups = new ConcurrentHashMap<>();
    private volatile CommandTable table = CommandTable.of(Map.of(CommandRouter.class.getName(), COMMAND_ROWS));

    @Activate
    public CommandRouter(BundleContext context, @Reference Daemon daemon, @Reference PluginCommandRegistry commands,
            @Reference PluginCommandRunner pluginRunner, @Reference PluginDeployer deployer, @Reference CoreHooks hooks) {
        this.daemon = daemon;
        this.commands = commands;
        this.pluginRunner = pluginRunner;
        this.deployer = deployer;
        this.hooks = hooks;
        this.gogo = new GogoFunctions(context, this::run);
        gogo.register(this, COMMAND_ROWS);
    }

    @Deactivate
    void deactivate() {
        gogo.unregisterAll();
    }

    /** A built-in command group: its rows join the table unless one of its first words is taken. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindGroup(CommandGroup group) {
        synchronized (groups) {
            for (CommandRow row : group.rows()) {
                Optional<CommandGroup> owner = groupOf(row.routeKey());
                if (owner.isPresent() || COMMAND_ROWS.stream().anyMatch(r -> r.routeKey().equals(row.routeKey()))) {
                    daemon.log().warn("cli", "the commands of " + group.getClass().getName() + " are left out: '" + row.routeKey()
                            + "' is already a command of " + owner.map(o -> o.getClass().getName()).orElse("the router"));
                    return;
                }
            }
            groups.put(group, group.getClass().getName());
            table = buildTable();
        }
        group.runOthersWith(this::run);
        gogo.register(group, group.rows());
    }

    void unbindGroup(CommandGroup group) {
        gogo.unregister(group);
        synchronized (groups) {
            if (groups.remove(group) != null) {
                table = buildTable();
            }
        }
    }

    private CommandTable buildTable() {
        Map<String, List<CommandRow>> rows = new HashMap<>();
        rows.put(CommandRouter.class.getName(), COMMAND_ROWS);
        groups.forEach((g, name) -> rows.put(name, g.rows()));
        return CommandTable.of(rows);
    }

    private Optional<CommandGroup> groupOf(String routeKey) {
        return groupOf(groups.keySet(), routeKey);
    }

    private static <G extends CommandGroup> Optional<G> groupOf(Collection<G> groups, String routeKey) {
        return groups.stream().filter(g -> g.rows().stream().anyMatch(r -> r.routeKey().equals(routeKey))).findFirst();
    }

    /**
     * The group that runs this line: the owner of a row of its first word and an option given
     * ({@code logs --plugin NAME}), else the owner of its first word ({@code logs ID}).
     */
    static <G extends CommandGroup> Optional<G> route(Collection<G> groups, String cmd, List<String> rest) {
        return groups.stream()
                .filter(g -> g.rows().stream().anyMatch(r -> r.option() != null && r.group().equals(cmd) && r.picks(rest)))
                .findFirst().or(() -> groupOf(groups, cmd));
    }

    /** The table as it stands: the router's rows and those of the groups there now. */
    public CommandTable table() {
        return table;
    }

    /** Runs argv; never throws. Fires cli.pre_command (which may veto), cli.post_command and cli.command_error. */
    public int run(List<String> argv, CommandIO io) {
        CommandTable t = table;
        String command = t.commandName(argv);
        String args = String.join(" ", argv.subList(Math.min(argv.size(), command.split(" ").length), argv.size()));
        int status;
        String error = null;
        try {
            HookResult pre = hooks.fire(HookNames.CLI_PRE_COMMAND, "command", command, "args", args);
            boolean vetoable = t.find(command).map(r -> !r.has(NOT_VETOABLE)).orElse(true);
            if (pre.vetoed() && vetoable) {
                io.err().println("nexcage: " + command + ": " + pre.message());
                status = 1;
                error = pre.message();
            } else {
                if (helpAsked(argv, command)) {
                    hooks.fire(HookNames.CLI_HELP_REQUESTED, "command", command);
                }
                status = dispatch(argv, command, io);
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
        hooks.fire(HookNames.CLI_POST_COMMAND, "command", command, "args", args, "exit_code", Integer.toString(status));
        if (status != 0) {
            hooks.fire(HookNames.CLI_COMMAND_ERROR, "command", command, "args", args, "exit_code", Integer.toString(status),
                    "error", error);
        }
        return status;
    }

    /** {@code help}, or {@code --help} / {@code -h} right after the command's words (later, it may be an argument of the command run in a container). */
    static boolean helpAsked(List<String> argv, String command) {
        if (command.equals("help")) {
            return true;
        }
        int words = command.split(" ").length;
        for (int i = 1; i <= words && i < argv.size(); i++) {
            if (argv.get(i).equals("--help") || argv.get(i).equals("-h")) {
                return true;
            }
        }
        return false;
    }

    private int dispatch(List<String> argv, String command, CommandIO io) {
        if (command.equals("help")) {
            io.out().print(table.help());
            return 0;
        }
        String cmd = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        if (waitsForBoot(table, command, cmd)) {
            awaitBoot(io);
        }
        if (cmd.equals("version")) {
            io.out().println("nexcage daemon " + daemon.runtimeVersion() + " (Apache Felix " + daemon.systemBundle().getVersion()
                    + ", Java " + System.getProperty("java.version") + ")");
            return 0;
        }
        // looked up after the boot wait: a group that is still starting is there by then
        Optional<CommandGroup> group = route(groups.keySet(), cmd, rest);
        if (group.isPresent()) {
            return group.get().run(cmd, rest, io);
        }
        return commands.find(cmd).map(r -> pluginRunner.run(r, rest, io)).orElseGet(() -> {
            io.err().println("nexcage: unknown command '" + cmd + "'; run 'nexcage help' for the built-in commands "
                    + "and 'nexcage plugin list' for the loaded plugins");
            return 2;
        });
    }

    /**
     * Whether the command waits for the plugins present at start: all do but those marked
     * {@code NO_BOOT_WAIT} ({@code plugin list} shows them as they are); a word no row names may
     * be a command of a plugin still starting, so it waits, and is then looked up.
     */
    static boolean waitsForBoot(CommandTable table, String command, String firstWord) {
        return !table.find(command).or(() -> table.find(firstWord)).map(r -> r.has(NO_BOOT_WAIT)).orElse(false);
    }

    /** Commands right after start see the plugins that were there at boot, not a half-deployed set. */
    private void awaitBoot(CommandIO io) {
        try {
            if (!deployer.awaitBoot(BOOT_WAIT_S, TimeUnit.SECONDS)) {
                io.err().println("nexcage: note: the plugins present at start are still being started; the answer may be partial");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests and help: the plugin commands offered now, by name. */
    public Map<String, PluginCommandRegistry.Registered> pluginCommands() {
        return commands.all();
    }
}
