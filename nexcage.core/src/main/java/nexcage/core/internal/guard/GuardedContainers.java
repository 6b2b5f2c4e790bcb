package nexcage.core.internal.guard;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.Capability;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.containers.ContainerOperationException;
import nexcage.api.containers.Containers;
import nexcage.api.containers.ExecResult;
import nexcage.api.validation.Validation;
import nexcage.core.internal.command.ClientSignals;
import nexcage.core.internal.containers.ContainerFailure;
import nexcage.core.internal.containers.ContainerService;
import nexcage.core.internal.containers.ContainerService.Client;
import nexcage.core.internal.containers.ContainerService.NewContainer;
import nexcage.core.internal.containers.ContainerService.Target;
import nexcage.core.internal.containers.SecuredOperations;
import nexcage.core.internal.security.SecurityGate;
import nexcage.security.admin.CapabilityGuard;
import nexcage.security.admin.HiddenFromPlugins;

/**
 * {@link Containers} for one plugin (a bundle-scoped service: each plugin gets its own, bound to
 * its bundle): every call checks its {@code container_*} capability, then goes through the same
 * {@link ContainerService} as the CLI, so routing, hooks, vetoes and labels apply, and is put
 * to the security extensions as the CLI's are ({@link SecuredOperations}).
 */
@Component(scope = ServiceScope.BUNDLE, service = Containers.class)
public class GuardedContainers implements Containers {
    private static final java.util.regex.Pattern IMAGE = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,255}");

    private final Bundle caller;
    private final CapabilityGuard guard;
    private final ContainerService containers;
    private final ServiceCalls calls;
    private final SecuredOperations secured;
    /** Who calls, as security extensions are told: {@code source=plugin, plugin=NAME, user=plugin:NAME}. */
    private final Map<String, String> credentials;

    @Activate
    public GuardedContainers(ComponentContext cc, @Reference CapabilityGuard guard, @Reference ContainerService containers,
            @Reference PluginAccounting accounting, @Reference SecurityGate gate) {
        this(cc.getUsingBundle(), guard, containers, accounting, gate);
    }

    /** For {@code caller}; tests pass plain parts. */
    GuardedContainers(Bundle caller, CapabilityGuard guard, ContainerService containers, PluginAccounting accounting, SecurityGate gate) {
        this.caller = caller;
        this.guard = guard;
        this.containers = containers;
        this.calls = new ServiceCalls(accounting, caller);
        this.secured = new SecuredOperations(gate, containers);
        String plugin = HiddenFromPlugins.pluginName(caller.getLocation());
        this.credentials = plugin == null ? Map.of("source", "runtime", "user", "runtime:" + caller.getSymbolicName())
                : Map.of("source", "plugin", "plugin", plugin, "user", "plugin:" + plugin);
    }

    @Override
    public List<ContainerInfo> list(boolean all) {
        return calls.call("containers.list", () -> {
            guard.check(caller, Capability.CONTAINER_LIST, "containers.list", all ? "all" : "");
            return call(() -> containers.list(null, all).stream().map(ContainerService.Found::info).toList());
        });
    }

    @Override
    public ContainerInfo info(String id) {
        return calls.call("containers.info", () -> {
            guard.check(caller, Capability.CONTAINER_INFO, "containers.info", String.valueOf(id));
            Target t = target(id);
            return call(() -> containers.info(t).info());
        });
    }

    @Override
    public ContainerInfo create(String id, String image, List<String> command, String backend) {
        return calls.call("containers.create", () -> {
            guard.check(caller, Capability.CONTAINER_CREATE, "containers.create", id + " " + image);
            String checkedId = Validation.containerId(id);
            if (image == null || !IMAGE.matcher(image).matches()) {
                throw new IllegalArgumentException("image '" + image + "' is not an image reference; write it as NAME[:TAG], e.g. busybox:latest");
            }
            NewContainer c = new NewContainer(checkedId, image, Validation.commandArgs(command == null ? List.of() : command), backend, false);
            return call(() -> {
                secured.check(credentials, "create", c);
                return containers.create(c);
            });
        });
    }

    @Override
    public void start(String id) {
        calls.run("containers.start", () -> {
            guard.check(caller, Capability.CONTAINER_START, "containers.start", String.valueOf(id));
            Target t = target(id);
            call(() -> {
                secured.check(credentials, "start", t);
                containers.start(t);
                return null;
            });
        });
    }

    @Override
    public void stop(String id, int timeoutSeconds) {
        calls.run("containers.stop", () -> {
            guard.check(caller, Capability.CONTAINER_STOP, "containers.stop", String.valueOf(id));
            Target t = target(id);
            if (timeoutSeconds < 0 || timeoutSeconds > 3600) {
                throw new IllegalArgumentException("stop takes 0 to 3600 seconds before KILL; got " + timeoutSeconds);
            }
            call(() -> {
                secured.check(credentials, "stop", t);
                containers.stop(t, timeoutSeconds);
                return null;
            });
        });
    }

    @Override
    public void delete(String id, boolean force) {
        calls.run("containers.delete", () -> {
            guard.check(caller, Capability.CONTAINER_DELETE, "containers.delete", String.valueOf(id));
            Target t = target(id);
            call(() -> {
                secured.check(credentials, "delete", t);
                containers.delete(t, force);
                return null;
            });
        });
    }

    @Override
    public ExecResult exec(String id, List<String> command) {
        return calls.call("containers.exec", () -> {
            guard.check(caller, Capability.CONTAINER_EXEC, "containers.exec", id + " " + command);
            Target t = target(id);
            List<String> cmd = Validation.commandArgs(command);
            if (cmd.isEmpty()) {
                throw new IllegalArgumentException("exec needs a command to run in container " + id + ", e.g. [\"ls\", \"/\"]");
            }
            CappedOutput out = new CappedOutput(CappedOutput.MIB);
            CappedOutput err = new CappedOutput(CappedOutput.MIB);
            int code = call(() -> {
                secured.check(credentials, "exec", t);
                return containers.exec(t, cmd, new Client(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), ClientSignals.NONE));
            });
            return new ExecResult(code, out.text(), err.text());
        });
    }

    private static Target target(String id) {
        return new Target(Validation.containerId(id), null);
    }

    @FunctionalInterface
    private interface Operation<T> {
        T run() throws ContainerFailure;
    }

    /** The CLI's sentence for a failure, as the exception the API promises. */
    private static <T> T call(Operation<T> op) {
        try {
            return op.run();
        } catch (ContainerFailure e) {
            throw new ContainerOperationException(e.getMessage());
        }
    }
}
