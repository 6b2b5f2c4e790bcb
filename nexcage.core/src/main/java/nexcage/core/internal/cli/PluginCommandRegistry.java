package nexcage.core.internal.cli;

import java.io.PrintStream;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import nexcage.api.PluginMetadata;
import nexcage.api.cli.CliCommand;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;
import nexcage.core.internal.plugins.PluginRegistry;
import nexcage.core.internal.command.CommandGroup;
import nexcage.core.internal.command.CommandIO;

/**
 * The whiteboard of plugin commands. Each {@link CliCommand} service becomes {@code nexcage NAME}
 * and the Gogo command {@code x:NAME}; a name that is a NexCage built-in, a Felix or Gogo command,
 * or already taken by another plugin is refused and logged.
 */
@Component(service = PluginCommandRegistry.class, immediate = true)
public class PluginCommandRegistry {

    /** A plugin command the registry accepted. */
    public record Registered(CliCommand command, String plugin, int timeoutSeconds, ServiceRegistration<?> gogo) {
    }

    private final BundleContext context;
    private final Daemon daemon;
    private final PluginRegistry plugins;
    private final PluginCommandRunner runner;
    private final Map<String, Registered> byName = new ConcurrentHashMap<>();
    /** The built-in command groups, whose first words plugins may not take. */
    private final Set<CommandGroup> groups = ConcurrentHashMap.newKeySet();

    @Activate
    public PluginCommandRegistry(BundleContext context, @Reference Daemon daemon, @Reference PluginRegistry plugins,
            @Reference PluginCommandRunner runner) {
        this.context = context;
        this.daemon = daemon;
        this.plugins = plugins;
        this.runner = runner;
    }

    @Deactivate
    void deactivate() {
        byName.values().forEach(r -> GogoFunctions.unregister(r.gogo));
        byName.clear();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindGroup(CommandGroup group) {
        groups.add(group);
    }

    void unbindGroup(CommandGroup group) {
        groups.remove(group);
    }

    /** A first word of NexCage's own commands (DESIGN §8), the launcher's included. */
    private boolean isBuiltin(String name) {
        return CommandRouter.COMMAND_ROWS.stream().anyMatch(r -> r.group().equals(name))
                || groups.stream().anyMatch(g -> g.rows().stream().anyMatch(r -> r.group().equals(name)));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindCommand(CliCommand command, ServiceReference<CliCommand> ref) {
        String name = command.name();
        Bundle owner = ref.getBundle();
        String plugin = plugins.metadata(owner).map(PluginMetadata::name).orElse(owner.getSymbolicName());
        String refusal = refusal(name, plugin);
        DaemonLog.About log = daemon.log().about(plugins.metadata(owner).isPresent() ? plugin : null);
        if (refusal != null) {
            log.warn("cli", "command '" + name + "' of plugin " + plugin + " refused: " + refusal);
            return;
        }
        int timeout = plugins.metadata(owner).map(m -> m.resources().timeoutSeconds()).orElse(30);
        Registered r = new Registered(command, plugin, timeout, null);
        ServiceRegistration<?> gogo = registerGogo(name, r);
        byName.put(name, new Registered(command, plugin, timeout, gogo));
        log.info("cli", "command '" + name + "' of plugin " + plugin + " is available");
    }

    synchronized void unbindCommand(CliCommand command) {
        byName.entrySet().removeIf(e -> {
            if (e.getValue().command == command) {
                GogoFunctions.unregister(e.getValue().gogo);
                return true;
            }
            return false;
        });
    }

    private String refusal(String name, String plugin) {
        if (name == null || !name.matches("[a-z][a-z0-9-]{0,63}")) {
            return "a command name is 1 to 64 lower-case letters, digits or '-', starting with a letter";
        }
        if (isBuiltin(name)) {
            return "'" + name + "' is a NexCage built-in; choose another name";
        }
        Registered taken = byName.get(name);
        if (taken != null) {
            return "plugin " + taken.plugin + " already provides it; remove one of the two plugins or rename the command";
        }
        String shellScope = shellCommandScope(name);
        if (shellScope != null) {
            return "'" + name + "' is the shell command " + shellScope + ":" + name + "; choose another name";
        }
        return null;
    }

    /** The Felix/Gogo scope that has a command of this name, or null. */
    private String shellCommandScope(String name) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(osgi.command.function=*)");
            if (refs == null) {
                return null;
            }
            for (ServiceReference<?> r : refs) {
                Object scope = r.getProperty("osgi.command.scope");
                if (!"felix".equals(scope) && !"gogo".equals(scope)) {
                    continue;
                }
                Object fn = r.getProperty("osgi.command.function");
                for (String f : fn instanceof String[] ? (String[]) fn : new String[] {String.valueOf(fn)}) {
                    if (f.equals(name)) {
                        return (String) scope;
                    }
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return null;
    }

    private ServiceRegistration<?> registerGogo(String name, Registered r) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "x");
        props.put("osgi.command.function", name);
        Function fn = (CommandSession session, List<Object> arguments) -> {
            List<String> args = arguments.stream().map(String::valueOf).toList();
            // the command runs on a plugin-call thread, so hand it the session's own stream
            PrintStream console = session.getConsole();
            int status = runner.run(r, args, new CommandIO(console, console, java.nio.file.Paths.get("").toAbsolutePath(), true));
            return status == 0 ? null : "exit status " + status;
        };
        return context.registerService(Function.class.getName(), fn, props);
    }

    public Optional<Registered> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Accepted commands by name. */
    public Map<String, Registered> all() {
        return new TreeMap<>(byName);
    }
}
