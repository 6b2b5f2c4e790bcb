package nexcage.backend.docker;

import static nexcage.backend.docker.EngineCalls.inspect;
import static nexcage.backend.docker.EngineCalls.ref;

import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.command.ListContainersCmd;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;

import nexcage.api.HealthStatus;
import nexcage.api.PluginContext;
import nexcage.api.PluginLifecycle;
import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ContainerEvent;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ImageInfo;
import nexcage.api.backend.ManagedLabels;
import nexcage.backend.docker.EngineCalls.EngineCall;
import nexcage.backend.docker.Failures.Op;

/**
 * The {@code docker} backend: NexCage containers on a Docker engine. The engine is found as
 * Docker's own client finds it ({@code DOCKER_HOST}, else {@code unix:///var/run/docker.sock}),
 * or at the plugin setting {@code host} ({@code plugins.docker.config.host} in config.yaml).
 * A container's Docker name is its NexCage id; it carries its spec's labels as they are (the core
 * sets {@link ManagedLabels} among them) and runs with an init process so that signals reach its
 * command. {@code list(false)} shows the containers labelled {@code nexcage.managed=true}.
 */
@Component(name = "docker", service = {ContainerBackend.class, PluginLifecycle.class}, immediate = true,
        configurationPid = DockerConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"nexcage.backend.name=docker", "service.description=Docker engine backend"})
@Designate(ocd = DockerConfig.class)
public class DockerBackend implements ContainerBackend, PluginLifecycle {

    public static final String NAME = "docker";
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    private final AttachedRun attached = new AttachedRun();
    private volatile Engine engine;
    /** The backend's name: {@link #NAME}, or an instance's ({@link DockerInstance}). */
    private volatile String name = NAME;
    private volatile Thread warmUp;
    private final Set<EventPump> pumps = ConcurrentHashMap.newKeySet();

    /** For Declarative Services: the engine is chosen in {@link #activate(Map)}. */
    public DockerBackend() {
    }

    /** A backend on the engine at {@code dockerHost} (e.g. {@code unix:///run/podman/podman.sock}); for tests and tools. */
    public DockerBackend(String dockerHost) {
        this(dockerHost, EngineHttp.ANSWER_TIMEOUT);
    }

    /** For tests: how long the head of an attach or wait may take before the engine counts as hung. */
    DockerBackend(String dockerHost, Duration answerTimeout) {
        this.engine = new Engine(URI.create(dockerHost), answerTimeout);
    }

    /** The engine address Docker's own client would use: {@code DOCKER_HOST}, else the standard socket. */
    public static String defaultHost() {
        String env = System.getenv("DOCKER_HOST");
        return env == null || env.isBlank() ? DEFAULT_HOST : env.strip();
    }

    @Activate
    void activate(DockerConfig config, Map<String, Object> properties) {
        configure(NAME, EngineSettings.of(properties == null ? Map.of() : properties, defaultHost(), ""));
        if (DockerConfig.WARM_UP_ACTIVATION.equals(config.warm__up().strip())) {
            startWarmUp(); // warm_up: activation, the first command does not share its time with the warm-up
        }
    }

    /** Names the backend and connects it to its engine (at activation: DS makes a new object per configuration). */
    final void configure(String backendName, EngineSettings settings) {
        this.name = backendName;
        this.engine = new Engine(settings.host(), settings.tls(), EngineHttp.ANSWER_TIMEOUT);
        engine.onFirstClients(this::startWarmUpOnce);
    }

    @Deactivate
    void deactivate() {
        close();
    }

    /** Stops event pumps and closes the engine's clients. */
    public void close() {
        for (EventPump p : List.copyOf(pumps)) {
            p.close();
        }
        Thread w = warmUp;
        if (w != null) {
            w.interrupt();
        }
        Engine e = engine;
        if (e != null) {
            e.close();
        }
    }

    /** The first container or image command's hook: the warm-up, unless one ran already (e.g. a tool's explicit one). */
    private void startWarmUpOnce() {
        if (warmUp == null) {
            startWarmUp();
        }
    }

    /** The warm-up's thread once one was started, else null (for tests). */
    Thread warmUpThread() {
        return warmUp;
    }

    /** Runs {@link WarmUp} on a background thread. */
    public Thread startWarmUp() {
        Thread t = new Thread(() -> WarmUp.run(engine), "nexcage-docker-warmup");
        t.setDaemon(true);
        warmUp = t;
        t.start();
        return t;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "Docker engine at " + engine.host() + (engine.tls() ? " over TLS" : "") + " (docker-java 3.7.1); containers on the"
                + " engine's default network unless --network says none or host";
    }

    /** Refuses a configuration that names a bad engine address, TLS file or instance (DESIGN §7), or a warm_up other than lazy or activation. */
    @Override
    public void checkConfig(PluginContext context, Map<String, Object> config) {
        EngineSettings.check(config, NAME, defaultHost());
        WarmUp.atActivation(config.get("warm_up"));
    }

    /**
     * The container as this backend names itself (an instance is not {@code docker}), its image by
     * the name Docker shows: Podman lists {@code docker.io/NAME} for an image imported as {@code NAME}.
     */
    private ContainerInfo ours(ContainerInfo c) {
        String n = name;
        String image = familiar(c.image());
        return n.equals(c.backend()) && java.util.Objects.equals(image, c.image()) ? c
                : new ContainerInfo(c.id(), c.engineId(), image, c.status(), n, c.created(), c.pid(), c.exitCode(), c.labels());
    }

    /** The image as this backend names itself and by its familiar name (Podman lists {@code docker.io/NAME}). */
    private ImageInfo ours(ImageInfo i) {
        return new ImageInfo(familiar(i.name()), i.id(), i.sizeBytes(), i.created(), name);
    }

    /** An image name without Docker Hub's implied parts ({@code docker.io/}, then {@code library/}), as Docker shows it. */
    static String familiar(String image) {
        if (image == null || !image.startsWith("docker.io/")) {
            return image;
        }
        String rest = image.substring("docker.io/".length());
        return rest.startsWith("library/") ? rest.substring("library/".length()) : rest;
    }

    /** The engine's address (a {@code unix://} or {@code tcp://} URL). */
    public URI host() {
        return engine.host();
    }

    @Override
    public BackendHealth health() {
        Engine e = engine;
        Engine.Probe p = e.check();
        if (p.health().state() != BackendHealth.State.HEALTHY) {
            e.drop(e.peek());
        }
        return p.health();
    }

    // ---- PluginLifecycle: the plugin's health is its engine's

    @Override
    public HealthStatus healthCheck(PluginContext context) {
        return health().state() == BackendHealth.State.HEALTHY ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
    }

    @Override
    public void preShutdown(PluginContext context) {
        for (EventPump p : List.copyOf(pumps)) {
            p.close();
        }
    }

    // ---- containers

    @Override
    public ContainerInfo create(ContainerSpec spec) throws BackendException {
        Map<String, Object> config = ContainerMapping.containerConfig(spec);
        return call(Op.CREATE, spec.id(), spec.image(), false, c -> {
            String engineId = c.http().create(spec.id(), config);
            attached.created(spec.id(), spec.autoRemove());
            // everything an inspect would say of a container just created is known here: save the round trip
            return ours(ContainerMapping.created(spec, engineId));
        });
    }

    @Override
    public void start(String id) throws BackendException {
        call(Op.START, id, null, true, c -> {
            try {
                c.http().start(ref(c, id));
            } catch (NotModifiedException alreadyRunning) {
                // started already: what the caller wanted
            }
            return null;
        });
    }

    @Override
    public void stop(String id, int timeoutSeconds) throws BackendException {
        call(Op.STOP, id, null, true, c -> {
            try {
                c.streams().stopContainerCmd(ref(c, id)).withTimeout(Math.max(0, timeoutSeconds)).exec();
            } catch (NotModifiedException notRunning) {
                throw Failures.notRunning(Op.STOP, id, notRunning);
            }
            return null;
        });
    }

    @Override
    public void kill(String id, String signal) throws BackendException {
        String sig = signal == null || signal.isBlank() ? "KILL" : signal.strip().toUpperCase(Locale.ROOT);
        call(Op.KILL, id, null, true, c -> {
            c.api().killContainerCmd(ref(c, id)).withSignal(sig).exec();
            return null;
        });
    }

    @Override
    public void delete(String id, boolean force) throws BackendException {
        attached.forget(id);
        call(Op.DELETE, id, null, true, c -> {
            try {
                c.http().remove(ref(c, id), force);
            } catch (DockerException e) {
                if (!Failures.engineMessage(e).toLowerCase(Locale.ROOT).contains("already in progress")) {
                    throw e;
                }
                // the engine is removing it already (auto-remove): done
            }
            return null;
        });
    }

    @Override
    public List<ContainerInfo> list(boolean all) throws BackendException {
        return call(Op.LIST, null, null, true, c -> {
            ListContainersCmd cmd = c.api().listContainersCmd().withShowAll(true);
            if (!all) {
                cmd.withLabelFilter(Map.of(ManagedLabels.MANAGED, "true"));
            }
            List<ContainerInfo> out = new ArrayList<>();
            for (Container k : cmd.exec()) {
                out.add(ours(ContainerMapping.toInfo(k)));
            }
            return out;
        });
    }

    @Override
    public ContainerInfo info(String id) throws BackendException {
        return call(Op.INFO, id, null, true, c -> ours(ContainerMapping.toInfo(id, inspect(c, id))));
    }

    @Override
    public int exec(String id, List<String> command, OutputStream out, OutputStream err) throws BackendException {
        if (command == null || command.isEmpty()) {
            throw new BackendException(BackendException.Reason.OTHER, "exec in container " + id + " needs a command to run");
        }
        return call(Op.EXEC, id, null, false, c -> {
            String ref = ref(c, id);
            ExecCreateCmdResponse x = c.api().execCreateCmd(ref)
                    .withCmd(command.toArray(String[]::new))
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec();
            Streams.Copy copy = c.streams().execStartCmd(x.getId()).withDetach(false).withTty(false)
                    .exec(new Streams.Copy(out, err));
            try {
                copy.awaitCompletion();
            } finally {
                Engine.quietly(copy);
            }
            if (copy.writeFailure() != null) {
                throw new BackendException(BackendException.Reason.OTHER, "the reader of exec's output in container " + id
                        + " went away; the command may still be running there");
            }
            // the stream ends a moment before the engine records the exit code
            long deadline = System.nanoTime() + 5_000_000_000L;
            InspectExecResponse ie = c.api().inspectExecCmd(x.getId()).exec();
            while (Boolean.TRUE.equals(ie.isRunning()) && System.nanoTime() < deadline) {
                Thread.sleep(5);
                ie = c.api().inspectExecCmd(x.getId()).exec();
            }
            Long code = ie.getExitCodeLong();
            return code == null ? 126 : code.intValue();
        });
    }

    @Override
    public void logs(String id, boolean follow, int tail, OutputStream out, OutputStream err) throws BackendException {
        call(Op.LOGS, id, null, false, c -> {
            LogContainerCmd cmd = c.streams().logContainerCmd(ref(c, id))
                    .withStdOut(true).withStdErr(true).withFollowStream(follow);
            if (tail >= 0) {
                cmd.withTail(tail);
            } else {
                cmd.withTailAll();
            }
            Streams.Copy copy = cmd.exec(new Streams.Copy(out, err));
            try {
                copy.awaitCompletion();
            } finally {
                Engine.quietly(copy);
            }
            return null;
        });
    }

    @Override
    public int startAttached(String id, OutputStream out, OutputStream err) throws BackendException {
        return startAttached(id, out, err, () -> { });
    }

    @Override
    public int startAttached(String id, OutputStream out, OutputStream err, Runnable started) throws BackendException {
        return call(Op.ATTACH, id, null, false, c -> attached.run(c, id, out, err, started));
    }

    // ---- images (EngineImages)

    @Override
    public ImageInfo importImage(String name, Path source) throws BackendException {
        return ours(EngineImages.importImage(engine, name, source));
    }

    @Override
    public List<ImageInfo> images() throws BackendException {
        return EngineImages.images(engine).stream().map(this::ours).toList();
    }

    @Override
    public void removeImage(String name, boolean force) throws BackendException {
        EngineImages.removeImage(engine, name, force);
    }

    @Override
    public AutoCloseable events(Consumer<ContainerEvent> listener) throws BackendException {
        EventPump[] self = new EventPump[1];
        EventPump p = new EventPump(engine, listener, () -> pumps.remove(self[0]));
        self[0] = p;
        pumps.add(p);
        try {
            p.start(Engine.PROBE_TIMEOUT.toMillis() + 1000);
        } catch (InterruptedException e) {
            p.close();
            throw Failures.interrupted(Op.EVENTS, null);
        }
        return p;
    }

    private <T> T call(Op op, String id, String image, boolean repeatable, EngineCall<T> body) throws BackendException {
        return EngineCalls.call(engine, op, id, image, repeatable, body);
    }
}
