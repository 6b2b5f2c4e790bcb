package nexcage.backend.docker;

import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ContainerEvent;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ImageInfo;

/**
 * One more Docker-API engine as a backend of its own: one component per factory configuration
 * {@code nexcage.plugin.docker.instance~NAME}, which the core makes of config.yaml's
 * {@code plugins.docker.instances.NAME} (DESIGN §7). The backend is named NAME ({@code --backend
 * NAME}, routing rules, {@code runtime.default_backend}) and works as the default {@code docker}
 * backend does, on the engine its {@code host} (and {@code tls.*}) name. A changed instance is a
 * new configuration, so DS deactivates this object and activates a new one; the other instances
 * and the default backend are not touched. It registers no {@code PluginLifecycle}: the plugin's
 * lifecycle (and its health) stays the default backend's, and each instance's health is its own
 * in {@code backend list}. An instance whose settings cannot be used (a TLS file removed after it
 * was configured) is still listed there, unhealthy with the reason, rather than missing.
 */
@Component(name = DockerInstance.FACTORY_PID, service = ContainerBackend.class, configurationPid = DockerInstance.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = "service.description=Docker engine backend instance")
public final class DockerInstance extends DockerBackend {
    /** The factory PID the core delivers {@code plugins.docker.instances.NAME} as. */
    static final String FACTORY_PID = "nexcage.plugin.docker.instance";
    /** The property the core puts the instance's name in. */
    static final String INSTANCE = "nexcage.instance";

    private volatile String instance;
    private volatile Map<String, Object> settings;
    /**
     * Why the settings cannot be used now (a TLS file gone since it was configured, say), or null
     * once the engine is configured. Such an instance stays listed, unhealthy with this reason, and
     * tries its settings again at each health check, so putting the file back is enough.
     */
    private volatile String notStarted;
    private volatile boolean started;

    @Activate
    void activateInstance(Map<String, Object> properties) {
        instance = instanceName(properties);
        settings = new HashMap<>(properties);
        startIfUsable();
    }

    @Deactivate
    void deactivateInstance() {
        close();
    }

    /** Configures the engine when the settings can be used; otherwise keeps why not. */
    private synchronized boolean startIfUsable() {
        if (started || instance == null) {
            return started;
        }
        try {
            configure(instance, EngineSettings.of(settings, null, EngineSettings.INSTANCES + instance + "."));
            started = true;
            notStarted = null;
            return true;
        } catch (IllegalArgumentException e) {
            notStarted = "backend " + instance + " could not start: " + e.getMessage()
                    + " (the backend tries its settings again at each health check, so a file put back is enough)";
            return false;
        }
    }

    /** Refuses every operation while the settings cannot be used, with the reason {@code backend list} shows. */
    private void requireStarted() throws BackendException {
        if (notStarted != null && !startIfUsable()) {
            throw new BackendException(BackendException.Reason.ENGINE_UNAVAILABLE, notStarted);
        }
    }

    @Override
    public String name() {
        return instance != null ? instance : super.name();
    }

    @Override
    public String description() {
        return notStarted == null ? super.description()
                : "Docker engine (not started, see its reason); containers on the engine's default network unless --network says none or host";
    }

    @Override
    public BackendHealth health() {
        return notStarted != null && !startIfUsable() ? BackendHealth.unhealthy(notStarted) : super.health();
    }

    /** The engine's address, or null while the instance could not start. */
    @Override
    public URI host() {
        return notStarted != null ? null : super.host();
    }

    @Override
    public Thread startWarmUp() {
        return notStarted != null ? null : super.startWarmUp();
    }

    // ---- each operation: refused while the instance could not start

    @Override
    public ContainerInfo create(ContainerSpec spec) throws BackendException {
        requireStarted();
        return super.create(spec);
    }

    @Override
    public void start(String id) throws BackendException {
        requireStarted();
        super.start(id);
    }

    @Override
    public void stop(String id, int timeoutSeconds) throws BackendException {
        requireStarted();
        super.stop(id, timeoutSeconds);
    }

    @Override
    public void kill(String id, String signal) throws BackendException {
        requireStarted();
        super.kill(id, signal);
    }

    @Override
    public void delete(String id, boolean force) throws BackendException {
        requireStarted();
        super.delete(id, force);
    }

    @Override
    public List<ContainerInfo> list(boolean all) throws BackendException {
        requireStarted();
        return super.list(all);
    }

    @Override
    public ContainerInfo info(String id) throws BackendException {
        requireStarted();
        return super.info(id);
    }

    @Override
    public int exec(String id, List<String> command, OutputStream out, OutputStream err) throws BackendException {
        requireStarted();
        return super.exec(id, command, out, err);
    }

    @Override
    public void logs(String id, boolean follow, int tail, OutputStream out, OutputStream err) throws BackendException {
        requireStarted();
        super.logs(id, follow, tail, out, err);
    }

    @Override
    public int startAttached(String id, OutputStream out, OutputStream err, Runnable started) throws BackendException {
        requireStarted();
        return super.startAttached(id, out, err, started);
    }

    @Override
    public int startAttached(String id, OutputStream out, OutputStream err) throws BackendException {
        requireStarted();
        return super.startAttached(id, out, err);
    }

    @Override
    public ImageInfo importImage(String name, Path source) throws BackendException {
        requireStarted();
        return super.importImage(name, source);
    }

    @Override
    public List<ImageInfo> images() throws BackendException {
        requireStarted();
        return super.images();
    }

    @Override
    public void removeImage(String name, boolean force) throws BackendException {
        requireStarted();
        super.removeImage(name, force);
    }

    @Override
    public AutoCloseable events(Consumer<ContainerEvent> listener) throws BackendException {
        requireStarted();
        return super.events(listener);
    }

    /** {@code nexcage.instance}, else the name part of the configuration's PID ({@code FACTORY~NAME}). */
    static String instanceName(Map<String, Object> properties) {
        Object named = properties.get(INSTANCE);
        if (named != null && !named.toString().isBlank()) {
            return named.toString();
        }
        String pid = String.valueOf(properties.get("service.pid"));
        int tilde = pid.lastIndexOf('~');
        if (tilde < 0) {
            throw new IllegalArgumentException("the configuration " + pid + " names no instance; declare instances in config.yaml under "
                    + "plugins.docker.instances, where each key is the instance's name");
        }
        return pid.substring(tilde + 1);
    }
}
