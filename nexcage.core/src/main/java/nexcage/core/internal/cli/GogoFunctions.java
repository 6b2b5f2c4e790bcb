package nexcage.core.internal.cli;

import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.CommandRow;

/**
 * The Gogo commands of the command table: one {@link Function} per scope and function of a
 * contributor's rows ({@code plugin:list}, {@code nexcage:config}), each running the command line
 * it stands for, registered while the contributor is there.
 */
final class GogoFunctions {
    private final BundleContext context;
    private final BiFunction<List<String>, CommandIO, Integer> runner;
    private final Map<Object, List<ServiceRegistration<?>>> byOwner = new ConcurrentHashMap<>();

    GogoFunctions(BundleContext context, BiFunction<List<String>, CommandIO, Integer> runner) {
        this.context = context;
        this.runner = runner;
    }

    /** Registers the functions of these rows for their owner; the launcher's own rows have none. */
    void register(Object owner, List<CommandRow> rows) {
        Set<String> done = new LinkedHashSet<>();
        List<ServiceRegistration<?>> regs = new ArrayList<>();
        for (CommandRow row : rows) {
            if (row.inGogo() && done.add(row.gogoScope() + ":" + row.gogoFunction())) {
                regs.add(register(row.gogoScope(), row.gogoFunction()));
            }
        }
        byOwner.put(owner, regs);
    }

    private ServiceRegistration<?> register(String scope, String fn) {
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
            PrintStream console = session.getConsole();
            int status = runner.apply(argv, new CommandIO(console, console, Paths.get("").toAbsolutePath(), true));
            return status == 0 ? null : "exit status " + status;
        };
        return context.registerService(Function.class.getName(), f, props);
    }

    void unregister(Object owner) {
        List<ServiceRegistration<?>> regs = byOwner.remove(owner);
        if (regs != null) {
            regs.forEach(GogoFunctions::unregister);
        }
    }

    void unregisterAll() {
        List.copyOf(byOwner.keySet()).forEach(this::unregister);
    }

    static void unregister(ServiceRegistration<?> reg) {
        if (reg == null) {
            return;
        }
        try {
            reg.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework removed it with its bundle
        }
    }
}
