package nexcage.backend.oci;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import nexcage.api.HealthStatus;
import nexcage.api.PluginContext;
import nexcage.api.PluginLifecycle;
import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ContainerEvent;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ImageInfo;
import nexcage.backend.support.KeptAnswer;

/**
 * The {@code oci} backend: containers run straight from an OCI runtime (crun, else runc; or the
 * one {@code plugins.oci.config.runtime} names), each an OCI bundle under the plugin's data
 * directory with a monitor that outlives the daemon, on images imported into that directory.
 * No network but {@code lo} unless a container asks for the host's. Also the plugin's lifecycle:
 * its data directory comes with {@code init}.
 */
@Component(name = "oci", service = {ContainerBackend.class, PluginLifecycle.class}, immediate = true,
        configurationPid = OciConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"nexcage.backend.name=oci", "service.description=OCI runtime backend (crun or runc)"})
@Designate(ocd = OciConfig.class)
public final class OciBackend implements ContainerBackend, PluginLifecycle {
    public static final String NAME = OciContainers.BACKEND;

    private volatile OciConfig config;
    private volatile OciHost host;
    private volatile OciContainers containers;
    private volatile OciRuns runs;
    /** The runtime's version, asked again only when its binary changes: health is checked every 5 s (DESIGN §8). */
    private final KeptAnswer<BackendHealth> runtimeHealth = new KeptAnswer<>(h -> h.state() == BackendHealth.State.HEALTHY);

    /** For Declarative Services: the data directory comes with {@link #init(PluginContext)}. */
    @Activate
    public OciBackend(OciConfig config) {
        this.config = config;
    }

    /** A backend keeping its state in {@code data}, on {@code runtime} (crun, runc; empty: crun, else runc); for tests and tools. */
    public OciBackend(Path data, String runtime, String rootfs) {
        this.config = null;
        use(new OciHost(data, runtime, rootfs, Executors.defaultThreadFactory()));
    }

    private void use(OciHost h) {
        this.host = h;
        this.containers = new OciContainers(h);
        this.runs = new OciRuns(h, containers);
    }

    @Override
    public void init(PluginContext context) throws IOException {
        Path data = Files.createDirectories(context.getDataDirectory());
        OciConfig c = config;
        ThreadFactory threads = context.threadFactory();
        use(new OciHost(data, c == null ? "" : c.runtime(), c == null ? RootFs.OVERLAY : c.rootfs(), threads));
    }

    @Override
    public void checkConfig(PluginContext context, Map<String, Object> settings) {
        Object rt = settings.get("runtime");
        if (rt != null && !rt.toString().isBlank() && !List.of(OciRuntime.CRUN, OciRuntime.RUNC).contains(rt.toString().strip())) {
            throw new IllegalArgumentException("plugins.oci.config.runtime is " + rt + ", which is no OCI runtime this backend knows;"
                    + " set it to crun or runc");
        }
        Object fs = settings.get("rootfs");
        if (fs != null && !fs.toString().isBlank() && !List.of(RootFs.OVERLAY, RootFs.COPY).contains(fs.toString().strip())) {
            throw new IllegalArgumentException("plugins.oci.config.rootfs is " + fs + "; set it to overlay or copy");
        }
    }

    @Override
    public void configReload(PluginContext context, Map<String, Object> settings) {
        Object rt = settings.get("runtime");
        Object fs = settings.get("rootfs");
        reconfigure(rt == null ? "" : rt.toString(), fs == null ? null : fs.toString());
    }

    /** A new configuration, kept in this instance: the data directory came with init, which is not called again. */
    @Modified
    void modified(OciConfig changed) {
        this.config = changed;
        reconfigure(changed.runtime(), changed.rootfs());
    }

    private synchronized void reconfigure(String runtime, String rootfs) {
        OciHost h = host;
        if (h != null) {
            // the monitors of running containers and the event listeners stay known
            OciHost next = new OciHost(h.data(), runtime, rootfs, h.threads());
            next.monitors.putAll(h.monitors);
            next.listeners.addAll(h.listeners);
            use(next);
        }
    }

    @Override
    public HealthStatus healthCheck(PluginContext context) {
        return health().state() == BackendHealth.State.HEALTHY ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        OciHost h = host;
        String rt = h == null ? "crun or runc" : OciRuntime.choose(h.runtimeSetting(), h.runtimeRoot()).map(OciRuntime::name)
                .orElse("crun or runc (not installed)");
        return "OCI runtime " + rt + ", no daemon; network: none (only lo) unless --network host";
    }

    @Override
    public BackendHealth health() {
        OciHost h = host;
        String setting = h == null ? (config == null ? "" : config.runtime()) : h.runtimeSetting();
        var rt = OciRuntime.choose(setting, Path.of("/"));
        if (rt.isEmpty()) {
            return BackendHealth.undetected(OciRuntime.missing(setting));
        }
        if (h == null) {
            return BackendHealth.unhealthy("plugin oci is not initialised yet; wait until it is active (nexcage plugin list)");
        }
        return health(rt.get());
    }

    /** {@code runtime}'s answer, kept while its binary is the same file; a removed or broken one is asked each time. */
    BackendHealth health(OciRuntime runtime) {
        return runtimeHealth.get(runtime.binary(), runtime::health);
    }

    @Override
    public ContainerInfo create(ContainerSpec spec) throws BackendException {
        return ready().create(spec);
    }

    @Override
    public void start(String id) throws BackendException {
        ready();
        runs.start(id);
    }

    @Override
    public void stop(String id, int timeoutSeconds) throws BackendException {
        ready();
        runs.stop(id, timeoutSeconds);
    }

    @Override
    public void kill(String id, String signal) throws BackendException {
        ready();
        runs.kill(id, signal);
    }

    @Override
    public void delete(String id, boolean force) throws BackendException {
        ready().delete(id, force, runs);
    }

    @Override
    public List<ContainerInfo> list(boolean all) throws BackendException {
        return ready().list(all);
    }

    @Override
    public ContainerInfo info(String id) throws BackendException {
        return ready().info(id);
    }

    @Override
    public int exec(String id, List<String> command, OutputStream out, OutputStream err) throws BackendException {
        ready();
        return runs.exec(id, command, out, err);
    }

    @Override
    public void logs(String id, boolean follow, int tail, OutputStream out, OutputStream err) throws BackendException {
        ready();
        runs.logs(id, follow, tail, out, err);
    }

    @Override
    public int startAttached(String id, OutputStream out, OutputStream err) throws BackendException {
        return startAttached(id, out, err, () -> { });
    }

    @Override
    public int startAttached(String id, OutputStream out, OutputStream err, Runnable started) throws BackendException {
        ready();
        return runs.startAttached(id, out, err, started);
    }

    /** Reports each container's create, start, die (with its exit code) and destroy made through this daemon. */
    @Override
    public AutoCloseable events(Consumer<ContainerEvent> listener) throws BackendException {
        ready();
        host.listeners.add(listener);
        return () -> host.listeners.remove(listener);
    }

    @Override
    public ImageInfo importImage(String name, Path source) throws BackendException {
        OciHost h = host;
        ready();
        if (!ImageNames.valid(name)) {
            throw new BackendException(Reason.OTHER, "'" + name + "' is not an image name; write it as name[:tag], e.g. busybox:latest");
        }
        if (!Files.exists(source)) {
            throw new BackendException(Reason.OTHER, "there is no file or directory " + source + " to import; check the path");
        }
        try {
            return info(h.images().importImage(name, source));
        } catch (IllegalArgumentException e) {
            throw new BackendException(Reason.OTHER, e.getMessage(), e);
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot import " + source + " as " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            throw OciContainers.interrupted("import " + name);
        }
    }

    @Override
    public List<ImageInfo> images() throws BackendException {
        OciHost h = host;
        ready();
        try {
            return h.images().list().stream().map(OciBackend::info).toList();
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot read the images in " + h.images().root() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void removeImage(String name, boolean force) throws BackendException {
        OciContainers c = ready();
        OciHost h = host;
        ImageStore.Image image = c.image(name);
        if (!force && h.images().inUse(image)) {
            throw new BackendException(Reason.IMAGE_IN_USE, "image " + image.name() + " is used by a container of the oci backend;"
                    + " delete that container first, or use -f to remove the image's name anyway");
        }
        try {
            h.images().remove(image);
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot remove image " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            throw OciContainers.interrupted("remove image " + name);
        }
    }

    private static ImageInfo info(ImageStore.Image i) {
        return new ImageInfo(i.name(), i.id(), i.sizeBytes(), i.created(), NAME);
    }

    private OciContainers ready() throws BackendException {
        OciContainers c = containers;
        if (c == null) {
            throw new BackendException(Reason.ENGINE_UNAVAILABLE, "plugin oci is not initialised yet; wait until it is active"
                    + " (nexcage plugin list) and try again");
        }
        return c;
    }
}
