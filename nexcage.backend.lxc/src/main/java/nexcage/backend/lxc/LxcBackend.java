package nexcage.backend.lxc;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import nexcage.api.HealthStatus;
import nexcage.api.PluginContext;
import nexcage.api.PluginLifecycle;
import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ImageInfo;

/**
 * The {@code lxc} backend: NexCage containers as LXC system containers, through the host's
 * {@code lxc-*} tools. Its lxcpath ({@code containers/}) and images ({@code images/}) are in the
 * plugin's data directory, known from {@code init}; a container with a command runs it under lxc's
 * init, one without boots its image's {@code /sbin/init}. Network: none but loopback by default,
 * the host's with {@code network host}. Also the plugin's lifecycle, whose health is lxc's.
 */
@Component(name = "lxc", service = {ContainerBackend.class, PluginLifecycle.class}, immediate = true,
        property = {"nexcage.backend.name=lxc", "service.description=LXC system containers backend"})
public final class LxcBackend implements ContainerBackend, PluginLifecycle {

    public static final String NAME = "lxc";

    /** What the backend works on, made from the data directory: null until {@code init}. */
    private record Parts(Path data, Lxcpath lxcpath, LxcRuns runs, LxcContainers containers, LxcHealth health,
            ExecutorService pumps) {
    }

    private volatile Parts parts;

    /** For Declarative Services: the data directory comes with {@code init}. */
    public LxcBackend() {
    }

    /** A backend keeping its containers and images under {@code dataDirectory}; for tests and tools. */
    public LxcBackend(Path dataDirectory) {
        this.parts = parts(dataDirectory, daemonThreads());
    }

    private static Parts parts(Path data, ThreadFactory threads) {
        // threads end after 2 s idle: the health check every 5 s makes them, an idle daemon keeps none (bench/README.md, issue 22)
        ExecutorService pumps = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 2, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
        LxcTools tools = new LxcTools(LxcTools.defaultSearchPath(), pumps);
        Lxcpath lxcpath = new Lxcpath(data.resolve("containers"), tools, NAME);
        LxcRuns runs = new LxcRuns(lxcpath, tools);
        ImageStore images = new ImageStore(data.resolve("images"), tools, NAME);
        return new Parts(data, lxcpath, runs, new LxcContainers(lxcpath, images, runs, tools), new LxcHealth(tools), pumps);
    }

    private static ThreadFactory daemonThreads() {
        return r -> {
            Thread t = new Thread(r, "nexcage-lxc-pump");
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void init(PluginContext context) {
        Parts old = parts;
        parts = parts(context.getDataDirectory(), context.threadFactory());
        if (old != null) {
            old.pumps().shutdown();
        }
    }

    @Override
    public void deinit(PluginContext context) {
        close();
    }

    @Deactivate
    void deactivate() {
        close();
    }

    /** Stops the backend's stream-copying threads; containers go on (they are lxc's). */
    public void close() {
        Parts p = parts;
        parts = null;
        if (p != null) {
            p.pumps().shutdown();
        }
    }

    private Parts ready() throws BackendException {
        Parts p = parts;
        if (p == null) {
            throw new BackendException(Reason.ENGINE_UNAVAILABLE, "the lxc backend is not initialised yet; wait until plugin lxc is active"
                    + " (nexcage plugin list)");
        }
        return p;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        Parts p = parts;
        return "LXC system containers (lxc-* tools) in " + (p == null ? "the plugin's data directory" : p.lxcpath().root())
                + "; network none (loopback only) by default, the host's with network host";
    }

    @Override
    public BackendHealth health() {
        Parts p = parts;
        return p == null ? BackendHealth.unhealthy("the lxc backend is not initialised yet; wait until plugin lxc is active")
                : p.health().check(p.lxcpath().root());
    }

    @Override
    public HealthStatus healthCheck(PluginContext context) {
        return health().state() == BackendHealth.State.HEALTHY ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
    }

    /** The lxcpath every lxc-* call gets with -P (for tests and tools). */
    public Path lxcpath() throws BackendException {
        return ready().lxcpath().root();
    }

    @Override
    public ContainerInfo create(ContainerSpec spec) throws BackendException {
        return ready().containers().create(spec, NAME);
    }

    @Override
    public void start(String id) throws BackendException {
        ready().runs().start(id);
    }

    @Override
    public void stop(String id, int timeoutSeconds) throws BackendException {
        ready().runs().stop(id, timeoutSeconds);
    }

    @Override
    public void kill(String id, String signal) throws BackendException {
        ready().runs().kill(id, signal);
    }

    @Override
    public void delete(String id, boolean force) throws BackendException {
        ready().containers().delete(id, force);
    }

    @Override
    public List<ContainerInfo> list(boolean all) throws BackendException {
        return ready().containers().list(all);
    }

    @Override
    public ContainerInfo info(String id) throws BackendException {
        return ready().containers().info(id);
    }

    @Override
    public int exec(String id, List<String> command, OutputStream out, OutputStream err) throws BackendException {
        return ready().runs().exec(id, command, out, err);
    }

    @Override
    public void logs(String id, boolean follow, int tail, OutputStream out, OutputStream err) throws BackendException {
        ready().runs().logs(id, follow, tail, out, err);
    }

    @Override
    public int startAttached(String id, OutputStream out, OutputStream err) throws BackendException {
        return startAttached(id, out, err, () -> { });
    }

    @Override
    public int startAttached(String id, OutputStream out, OutputStream err, Runnable started) throws BackendException {
        return ready().runs().startAttached(id, out, err, started);
    }

    @Override
    public ImageInfo importImage(String name, Path source) throws BackendException {
        return ready().containers().importImage(name, source);
    }

    @Override
    public List<ImageInfo> images() throws BackendException {
        return ready().containers().images();
    }

    @Override
    public void removeImage(String name, boolean force) throws BackendException {
        ready().containers().removeImage(name, force);
    }
}
