package nexcage.sandbox.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import nexcage.core.admin.SandboxRunner;
import nexcage.sandbox.bridge.SandboxBridge;
import nexcage.sandbox.internal.isolation.CgroupHost;
import nexcage.sandbox.internal.isolation.HostTools;

/**
 * The daemon side of sandboxed plugins (DESIGN §5): finds the host's tools once and says at start
 * what it cannot apply here, starts a {@link SandboxedPlugin} for each stub bundle the core hands
 * it, stops it when the stub bundle stops (however it stops: a disable, a reload, the daemon's
 * shutdown), and samples each child's cgroup for {@code plugin stats}.
 */
@Component(service = SandboxRunner.class, immediate = true)
public class SandboxComponent implements SandboxRunner {
    static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private final BundleContext context;
    private final SandboxBridge bridge;
    private final LoggerFactory logs;
    private final Logger log;
    private final HostTools tools;
    private final Map<String, SandboxedPlugin> running = new ConcurrentHashMap<>();
    /**
     * Starts every child and lives as long as this component: bubblewrap's --die-with-parent follows
     * the thread that started it, so a pool thread that ends would kill its children.
     */
    private final ScheduledExecutorService launcher = Executors.newSingleThreadScheduledExecutor(r -> named(r, "nexcage-sandbox-launcher"));
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> named(r, "nexcage-sandbox-sampler"));
    private final SynchronousBundleListener onStubStopping;

    @Activate
    public SandboxComponent(BundleContext context, @Reference SandboxBridge bridge, @Reference LoggerFactory logs) {
        this.context = context;
        this.bridge = bridge;
        this.logs = logs;
        this.log = logs.getLogger(SandboxComponent.class);
        // beside the bridge's files in the state directory: the daemon's tmp is cleared at every start
        String state = context.getProperty("nexcage.state");
        Path dir = state != null ? Path.of(state, "sandbox") : Path.of(System.getProperty("java.io.tmpdir"), "nexcage-sandbox");
        this.tools = HostTools.probe(CGROUP_ROOT, dir);
        List<String> missing = tools.missing();
        if (missing.isEmpty()) {
            log.info("sandbox: sandboxed plugins run under bubblewrap (read-only root, namespaces, seccomp), cgroup {} limits and prlimit",
                    tools.cgroups().version());
        } else {
            log.warn("sandbox: on this host a sandboxed plugin runs without: {}", String.join("; ", missing));
        }
        if (tools.cgroups() != null) {
            LeftoverGroups.remove(CGROUP_ROOT, tools.cgroups().version(), m -> log.info("sandbox: {}", m));
        }
        this.onStubStopping = event -> {
            if (event.getType() == BundleEvent.STOPPING && event.getBundle().getHeaders("").get(STUB_HEADER) != null) {
                stopFor(event.getBundle());
            }
        };
        context.addBundleListener(onStubStopping);
        sampler.scheduleAtFixedRate(() -> running.values().forEach(SandboxedPlugin::sample), 1, 1, TimeUnit.SECONDS);
    }

    private static Thread named(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(onStubStopping);
        running.values().forEach(SandboxedPlugin::stop);
        running.clear();
        sampler.shutdownNow();
        launcher.shutdownNow();
    }

    @Override
    public void start(Sandboxed plugin, Bundle stub, Events events) throws Exception {
        SandboxedPlugin before = running.remove(plugin.name());
        if (before != null) {
            before.stop();
        }
        SandboxedPlugin p = new SandboxedPlugin(plugin, stub, events, bridge, tools, launcher,
                logs.getLogger(stub, "sandbox", Logger.class));
        running.put(plugin.name(), p);
        try {
            p.start();
        } catch (Exception e) {
            running.remove(plugin.name(), p);
            throw e;
        }
    }

    private void stopFor(Bundle stub) {
        String location = stub.getLocation();
        String name = location.substring(location.lastIndexOf('/') + 1);
        SandboxedPlugin p = running.remove(name);
        if (p != null) {
            p.stop();
        }
    }

    @Override
    public Status status(String plugin) {
        SandboxedPlugin p = running.get(plugin);
        return p == null ? null : p.status();
    }

    @Override
    public List<String> missingOnHost() {
        return tools.missing();
    }

    /** The host's cgroup hierarchy, for tests. */
    CgroupHost cgroups() {
        return tools.cgroups();
    }
}
