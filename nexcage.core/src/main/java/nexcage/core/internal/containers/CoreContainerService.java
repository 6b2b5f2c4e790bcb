package nexcage.core.internal.containers;

import static nexcage.core.internal.containers.BackendCalls.ENGINE_ERROR;
import static nexcage.core.internal.containers.ClientStreams.streaming;
import static nexcage.core.internal.containers.ClientStreams.untilHangUp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.backend.ContainerInfo;
import nexcage.core.internal.config.ConfigService;
import nexcage.core.internal.config.RuntimeSettings;
import nexcage.core.internal.containers.BackendChoice.Chosen;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;
import nexcage.core.internal.hooks.CoreHooks;
import nexcage.core.internal.plugins.PluginRegistry;
import nexcage.core.internal.plugins.PluginState;

/**
 * The runtime's own {@link ContainerService}: routes each operation to its backend, wraps it in
 * its hooks, labels new containers and maps failures. As docker does, {@code run} fails with 125
 * (126, 127 for a command that cannot be run or is not there), {@code create} and the commands on
 * existing containers with 1, {@code exec} with 125.
 */
@Component(service = ContainerService.class)
public class CoreContainerService implements ContainerService {
    private static final int FAILED = 1;

    private final Backends backends;
    private final BackendChoice choice;
    private final BackendCalls calls;
    private final HookedOperations ops;
    private final DaemonLog log;

    @Activate
    public CoreContainerService(@Reference Daemon daemon, @Reference BackendRegistry backends, @Reference ConfigService config,
            @Reference CoreHooks hooks, @Reference PluginRegistry plugins, @Reference PluginAccounting accounting) {
        this(backends, config::runtime, hooks, new LabelPolicy(() -> daemon.runtimeVersion().toString(), () -> active(plugins)),
                daemon.log(), accounting);
    }

    /** On plain parts, for tests. */
    CoreContainerService(Backends backends, Supplier<RuntimeSettings> settings, CoreHooks hooks, LabelPolicy labels, DaemonLog log,
            PluginAccounting accounting) {
        this.backends = backends;
        this.choice = new BackendChoice(backends, settings);
        this.calls = new BackendCalls(backends, log, accounting);
        this.ops = new HookedOperations(new ContainerHooks(hooks), calls, labels, log);
        this.log = log;
    }

    /** The active plugins as {@code name=version,name=version}, for the label that records them. */
    private static String active(PluginRegistry plugins) {
        return plugins.all().stream().filter(v -> v.state() == PluginState.ACTIVE).map(v -> v.name() + "=" + v.version())
                .collect(Collectors.joining(","));
    }

    @Override
    public ContainerInfo create(NewContainer c) throws ContainerFailure {
        return ops.create(c, choice.forNew(c.id(), c.backend(), FAILED), FAILED);
    }

    @Override
    public ContainerInfo runDetached(NewContainer c) throws ContainerFailure {
        Chosen on = choice.forNew(c.id(), c.backend(), ENGINE_ERROR);
        ContainerInfo created = ops.create(c, on, ENGINE_ERROR);
        ops.preStartOfRun(c, on);
        calls.call(on, "start", "start " + c.id(), ENGINE_ERROR, b -> {
            b.start(c.id());
            return null;
        });
        ops.postStart(c.id(), on, c.image());
        return created;
    }

    @Override
    public int runAttached(NewContainer c, Client client) throws ContainerFailure {
        Chosen on = choice.forNew(c.id(), c.backend(), ENGINE_ERROR);
        return new AttachedRun(ops, calls, backends, log, c, on, client).run();
    }

    @Override
    public void start(Target t) throws ContainerFailure {
        ops.start(t.id(), existing(t, FAILED), null, FAILED);
    }

    @Override
    public void stop(Target t, int seconds) throws ContainerFailure {
        ops.stop(t.id(), existing(t, FAILED), seconds, FAILED);
    }

    @Override
    public void kill(Target t, String signal) throws ContainerFailure {
        ops.signal(t.id(), existing(t, FAILED), signal, FAILED);
    }

    @Override
    public void delete(Target t, boolean force) throws ContainerFailure {
        ops.delete(t.id(), existing(t, FAILED), force, FAILED);
    }

    @Override
    public List<Found> list(String backend, boolean all) throws ContainerFailure {
        List<String> names = backend != null ? List.of(backend) : backends.names();
        if (names.isEmpty()) {
            throw new ContainerFailure(FAILED, "no container backend is available; enable the docker plugin with"
                    + " 'nexcage plugin enable docker'");
        }
        List<Found> found = new ArrayList<>();
        for (String name : names) {
            Chosen on = choice.forNew(null, name, FAILED);
            for (ContainerInfo i : calls.call(on, "list", "list its containers", FAILED, b -> b.list(all))) {
                found.add(new Found(name, i));
            }
        }
        return found;
    }

    @Override
    public Found info(Target t) throws ContainerFailure {
        Chosen on = existing(t, FAILED);
        return new Found(on.name(), calls.call(on, "info", "inspect " + t.id(), FAILED, b -> b.info(t.id())));
    }

    @Override
    public int exec(Target t, List<String> command, Client client) throws ContainerFailure {
        Chosen on = existing(t, ENGINE_ERROR);
        try {
            // as with docker exec, a client that goes away leaves the process running; the daemon stops waiting
            return calls.call(on, "exec", "exec in " + t.id(), ENGINE_ERROR, b -> untilHangUp(client.signals(), ENGINE_ERROR,
                    () -> b.exec(t.id(), command, streaming(client.out()), streaming(client.err()))));
        } finally {
            client.out().flush();
        }
    }

    @Override
    public void logs(Target t, boolean follow, int tail, Client client) throws ContainerFailure {
        Chosen on = existing(t, FAILED);
        try {
            calls.call(on, "logs", "copy the output of " + t.id(), FAILED, b -> {
                if (follow) {
                    return untilHangUp(client.signals(), null, () -> {
                        b.logs(t.id(), true, tail, streaming(client.out()), streaming(client.err()));
                        return null;
                    });
                }
                b.logs(t.id(), false, tail, streaming(client.out()), streaming(client.err()));
                return null;
            });
        } finally {
            client.out().flush();
        }
    }

    @Override
    public void requireBackend(String backend) throws ContainerFailure {
        choice.forNew(null, backend, FAILED);
    }

    @Override
    public List<BackendState> backends() {
        return backends.states();
    }

    private Chosen existing(Target t, int failStatus) throws ContainerFailure {
        return choice.forExisting(t.id(), t.backend(), failStatus);
    }
}
