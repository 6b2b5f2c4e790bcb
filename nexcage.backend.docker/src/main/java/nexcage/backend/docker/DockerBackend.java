package nexcage.backend.docker;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.command.ListContainersCmd;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient.Response;

import nexcage.api.HealthStatus;
import nexcage.api.PluginContext;
import nexcage.api.PluginHeaders;
import nexcage.api.PluginLifecycle;
import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ContainerEvent;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;
import nexcage.backend.docker.Failures.Op;

/**
 * The {@code docker} backend: NexCage containers on a Docker engine. The engine is found as
 * Docker's own client finds it ({@code DOCKER_HOST}, else {@code unix:///var/run/docker.sock}),
 * or at the plugin setting {@code host} ({@code plugins.docker.config.host} in config.yaml).
 * A container's Docker name is its NexCage id; the containers it makes carry the labels
 * {@code nexcage.managed=true}, {@code nexcage.id}, {@code nexcage.backend} and
 * {@code nexcage.version}, and run with an init process so that signals reach their command.
 */
@Component(name = "docker", service = {ContainerBackend.class, PluginLifecycle.class}, immediate = true,
        configurationPid = "nexcage.plugin.docker", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"nexcage.backend.name=docker", "service.description=Docker engine backend"})
public final class DockerBackend implements ContainerBackend, PluginLifecycle {

    public static final String NAME = "docker";
    public static final String VERSION = "0.8.0";
    public static final String LABEL_MANAGED = "nexcage.managed";
    public static final String LABEL_ID = "nexcage.id";
    public static final String LABEL_BACKEND = "nexcage.backend";
    public static final String LABEL_VERSION = "nexcage.version";
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    /** Docker resolves a reference by full id, then name, then id prefix: a hex-only name needs a check. */
    private static final Pattern HEXISH = Pattern.compile("[0-9a-f]{1,64}");

    /** Containers created here and not yet started attached: their auto-remove flag (bounded, see create). */
    private final Map<String, Boolean> createdAutoRemove = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 256;
                }
            });
    private static final Pattern EXITED = Pattern.compile("(?i)^exited \\((-?\\d+)\\)");

    private volatile Engine engine;
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
    void activate(Map<String, Object> properties) {
        Object configured = properties == null ? null : properties.get("host");
        String host = configured == null || configured.toString().isBlank() ? defaultHost() : configured.toString().strip();
        this.engine = new Engine(URI.create(host), EngineHttp.ANSWER_TIMEOUT);
        startWarmUp();
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

    /**
     * Connects and exercises the calls users make first, on a background thread, so that the
     * first real command does not pay for class loading (0.15-0.4 s in a fresh JVM).
     */
    public Thread startWarmUp() {
        Thread t = new Thread(this::warmUpNow, "nexcage-docker-warmup");
        t.setDaemon(true);
        warmUp = t;
        t.start();
        return t;
    }

    private void warmUpNow() {
        try {
            Engine.Connection c = engine.connection();
            c.api().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL_MANAGED, "true")).exec();
            try {
                c.api().inspectContainerCmd("nexcage-warm-up-" + System.nanoTime()).exec();
            } catch (NotFoundException expected) {
                Failures.map(Op.INFO, "warm-up", null, expected);
            }
            // the request and answer types of the other calls, through the shared mapper
            ObjectMapper mapper = DockerClientConfig.getDefaultObjectMapper();
            mapper.writeValueAsBytes(containerConfig("warm-up", List.of("true"), Map.of(LABEL_MANAGED, "true"), false));
            mapper.readValue("{\"Id\":\"x\",\"Name\":\"/x\",\"Created\":\"2020-01-01T00:00:00.000000001Z\","
                    + "\"State\":{\"Status\":\"exited\",\"Pid\":0,\"ExitCode\":0},\"Config\":{\"Image\":\"x\",\"Labels\":{}},"
                    + "\"HostConfig\":{\"AutoRemove\":false}}", InspectContainerResponse.class);
            mapper.readValue("{\"ID\":\"x\",\"Running\":false,\"ExitCode\":0}", InspectExecResponse.class);
            mapper.readValue("{\"Id\":\"x\"}", ExecCreateCmdResponse.class);
            mapper.readValue("{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"x\",\"Attributes\":{\"exitCode\":\"0\"}},"
                    + "\"time\":1,\"timeNano\":1}", Event.class);
            new Streams.Copy(OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
            EngineHttp.copyFrames(new ByteArrayInputStream(new byte[] {1, 0, 0, 0, 0, 0, 0, 1, 'x'}),
                    OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
            String nothing = "nexcage-warm-up-" + System.nanoTime();
            try {
                c.http().start(nothing);
            } catch (NotFoundException expected) {
                // the engine's answer to a start of nothing: the request and error path of every run
            }
            try {
                c.http().waitFor(nothing, "not-running").close();
            } catch (NotFoundException expected) {
                // the same for a stream, whose head is awaited on another thread
            }
            EventPump.statusAfter("die");
        } catch (Exception | LinkageError e) {
            // the engine is down at boot (health says why) or a warm-up step failed: nothing is lost
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Docker engine at " + engine.host() + " (docker-java 3.7.1)";
    }

    /** The engine's address (a {@code unix://} or {@code tcp://} URL). */
    public URI host() {
        return engine.host();
    }

    @Override
    public BackendHealth health() {
        Engine e = engine;
        Engine.Probe p = e.probe();
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
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(LABEL_MANAGED, "true");
        labels.put(LABEL_ID, spec.id());
        labels.put(LABEL_BACKEND, NAME);
        labels.put(LABEL_VERSION, VERSION);
        Map<String, Object> config = containerConfig(spec.image(), spec.command(), labels, spec.autoRemove());
        return call(Op.CREATE, spec.id(), spec.image(), false, c -> {
            String engineId = c.http().create(spec.id(), config);
            createdAutoRemove.put(spec.id(), spec.autoRemove());
            // everything an inspect would say of a container just created is known here: save the round trip
            return new ContainerInfo(spec.id(), engineId, spec.image(), ContainerStatus.CREATED, NAME, Instant.now(), 0, null, labels);
        });
    }

    /**
     * The body of {@code POST /containers/create}: no TTY, stdout and stderr attachable, an init
     * process so that signals reach the command.
     */
    static Map<String, Object> containerConfig(String image, List<String> command, Map<String, String> labels, boolean autoRemove) {
        Map<String, Object> hostConfig = new LinkedHashMap<>();
        hostConfig.put("Init", true);
        hostConfig.put("AutoRemove", autoRemove);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Image", image);
        if (!command.isEmpty()) {
            config.put("Cmd", List.copyOf(command));
        }
        config.put("Labels", labels);
        config.put("Tty", false);
        config.put("AttachStdout", true);
        config.put("AttachStderr", true);
        config.put("HostConfig", hostConfig);
        return config;
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
        createdAutoRemove.remove(id);
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
                cmd.withLabelFilter(Map.of(LABEL_MANAGED, "true"));
            }
            List<ContainerInfo> out = new ArrayList<>();
            for (Container k : cmd.exec()) {
                out.add(toInfo(k));
            }
            return out;
        });
    }

    @Override
    public ContainerInfo info(String id) throws BackendException {
        return call(Op.INFO, id, null, true, c -> toInfo(id, inspect(c, id)));
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
        return call(Op.ATTACH, id, null, false, c -> {
            // a container this backend just created needs no inspect: its name is its reference and its
            // auto-remove flag is known; saves a round trip on every 'nexcage run'
            Boolean known = HEXISH.matcher(id).matches() ? null : createdAutoRemove.remove(id);
            String ref;
            boolean autoRemove;
            if (known != null) {
                ref = id;
                autoRemove = known;
            } else {
                InspectContainerResponse before = inspect(c, id);
                ref = before.getId();
                autoRemove = before.getHostConfig() != null && Boolean.TRUE.equals(before.getHostConfig().getAutoRemove());
            }
            EngineHttp http = c.http();
            // 1. attach, so that no early output is lost
            try (Response attached = stream(http, Op.ATTACH, id, () -> http.attach(ref))) {
                // 2. an auto-removed container may be gone before its exit could be asked for: register first, for
                // the next exit (Podman 4 answers a wait for "removed" with 0, whatever the exit code was)
                try (Response exited = autoRemove ? stream(http, Op.WAIT, id, () -> http.waitFor(ref, "next-exit")) : null) {
                    // 3. start
                    try {
                        http.start(ref);
                    } catch (NotModifiedException alreadyRunning) {
                        // attached to a running container: follow it to its end
                    }
                    started.run();
                    // 4. copy until the output ends, then take the exit code
                    if (EngineHttp.copyFrames(attached.getBody(), out, err) != null) {
                        throw new BackendException(BackendException.Reason.OTHER, "the reader of container " + id
                                + "'s output went away; the container keeps running (nexcage logs -f " + id + " follows it)");
                    }
                    Integer code = exited != null ? http.exitCode(exited) : exitAfterOutput(http, id, ref);
                    if (exited != null) {
                        awaitRemoved(http, id, ref); // as with docker run --rm: the name is free once the run returns
                    }
                    if (code == null) {
                        code = toInfoExitCode(c, ref);
                    }
                    return code == null ? 125 : code;
                }
            }
        });
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

    // ---- helpers

    @FunctionalInterface
    private interface EngineCall<T> {
        T run(Engine.Connection c) throws BackendException, InterruptedException;
    }

    /**
     * Runs {@code body} on the current connection and maps its failure. A transport failure
     * (the socket refused, the connection broke) re-checks the engine: when it does not answer,
     * the call fails with {@code ENGINE_UNAVAILABLE} naming the socket and how to start it;
     * when it answers again (it restarted) a call that may be repeated is repeated once on a
     * fresh connection.
     */
    private <T> T call(Op op, String id, String image, boolean repeatable, EngineCall<T> body) throws BackendException {
        Engine e = engine;
        Engine.Connection c = e.connection();
        try {
            return body.run(c);
        } catch (InterruptedException ie) {
            throw Failures.interrupted(op, id);
        } catch (RuntimeException failure) {
            DockerException de = Failures.find(failure, DockerException.class);
            if (de != null) {
                throw Failures.map(op, id, image, de);
            }
            // the engine went away (or another thread dropped this connection because it did)?
            boolean dropped = e.peek() != c;
            BackendHealth h = e.recheck(c);
            if (h.state() != BackendHealth.State.HEALTHY) {
                throw e.unavailable(h);
            }
            if (!Engine.isTransportFailure(failure) && !dropped) {
                throw Failures.unexpected(op, id, failure);
            }
            if (!repeatable) {
                throw new BackendException(BackendException.Reason.OTHER, "the connection to the Docker engine at " + e.where()
                        + " broke while trying to " + op.verb + (id == null ? "" : " " + id) + " (" + Failures.rootMessage(failure)
                        + "); the engine answers again, so try once more", failure);
            }
            e.drop(c); // stale pooled sockets after an engine restart: start afresh
            Engine.Connection again = e.connection();
            try {
                return body.run(again);
            } catch (InterruptedException ie) {
                throw Failures.interrupted(op, id);
            } catch (RuntimeException second) {
                DockerException de2 = Failures.find(second, DockerException.class);
                if (de2 != null) {
                    throw Failures.map(op, id, image, de2);
                }
                BackendHealth h2 = e.recheck(again);
                if (h2.state() != BackendHealth.State.HEALTHY) {
                    throw e.unavailable(h2);
                }
                throw Failures.unexpected(op, id, second);
            }
        }
    }

    /** Inspects the container named {@code id} (exactly that name, not an id prefix). */
    private static InspectContainerResponse inspect(Engine.Connection c, String id) throws BackendException {
        InspectContainerResponse r = c.api().inspectContainerCmd(id).exec();
        String name = r.getName() == null ? "" : r.getName();
        if (!name.equals("/" + id) && !name.equals(id)) {
            throw new BackendException(BackendException.Reason.NO_SUCH_CONTAINER, "there is no container " + id
                    + " on this engine; nexcage list --all shows the containers there");
        }
        return r;
    }

    /** What to hand the engine for {@code id}: the name, or for a hex-only name the engine id it belongs to. */
    private static String ref(Engine.Connection c, String id) throws BackendException {
        if (id == null || id.isEmpty()) {
            throw new BackendException(BackendException.Reason.NO_SUCH_CONTAINER, "no container id was given");
        }
        return HEXISH.matcher(id).matches() ? inspect(c, id).getId() : id;
    }

    /** The output has ended, so the container has exited or is about to: "not running" is its exit. */
    private static Integer exitAfterOutput(EngineHttp http, String id, String ref) throws BackendException, InterruptedException {
        try (Response waited = stream(http, Op.WAIT, id, () -> http.waitFor(ref, "not-running"))) {
            return http.exitCode(waited);
        } catch (NotFoundException removedMeanwhile) {
            // removed by someone else (docker rm -f) since it started: its exit code went with it
            return null;
        }
    }

    /** Returns once the engine has removed an auto-removed container that has exited. */
    private static void awaitRemoved(EngineHttp http, String id, String ref) throws BackendException, InterruptedException {
        try (Response removed = stream(http, Op.WAIT, id, () -> http.waitFor(ref, "removed"))) {
            http.exitCode(removed); // reads the answer, which comes with the removal
        } catch (NotFoundException alreadyGone) {
            // removed before the question: what was waited for
        }
    }

    @FunctionalInterface
    private interface StreamRequest {
        Response open() throws TimeoutException, InterruptedException;
    }

    /**
     * Opens a stream (EngineHttp bounds the wait for its head); an engine that took the request and
     * never answered becomes one sentence.
     */
    private static Response stream(EngineHttp http, Op op, String id, StreamRequest request)
            throws BackendException, InterruptedException {
        try {
            return request.open();
        } catch (TimeoutException hung) {
            throw new BackendException(BackendException.Reason.OTHER, "the Docker engine did not answer within "
                    + http.answerTimeout().toSeconds() + " s when asked to " + op.verb + " " + id
                    + "; check its health (nexcage backend list) and restart it if it hangs");
        } catch (RejectedExecutionException closedMeanwhile) {
            throw new BackendException(BackendException.Reason.ENGINE_UNAVAILABLE, Engine.STOPPED);
        }
    }

    private static Integer toInfoExitCode(Engine.Connection c, String ref) {
        try {
            InspectContainerResponse r = c.api().inspectContainerCmd(ref).exec();
            return r.getState() == null || r.getState().getExitCodeLong() == null ? null : r.getState().getExitCodeLong().intValue();
        } catch (RuntimeException gone) {
            return null;
        }
    }

    static ContainerStatus status(String engineState) {
        if (engineState == null) {
            return ContainerStatus.UNKNOWN;
        }
        return switch (engineState.toLowerCase(Locale.ROOT)) {
            case "created", "configured" -> ContainerStatus.CREATED;
            case "running", "restarting" -> ContainerStatus.RUNNING;
            case "paused" -> ContainerStatus.PAUSED;
            case "exited", "dead", "removing", "stopped" -> ContainerStatus.STOPPED;
            default -> ContainerStatus.UNKNOWN;
        };
    }

    private static ContainerInfo toInfo(String id, InspectContainerResponse r) {
        InspectContainerResponse.ContainerState st = r.getState();
        ContainerStatus status = status(st == null ? null : st.getStatus());
        long pid = (status == ContainerStatus.RUNNING || status == ContainerStatus.PAUSED) && st.getPidLong() != null
                ? st.getPidLong() : 0;
        Integer exit = status == ContainerStatus.STOPPED && st.getExitCodeLong() != null ? st.getExitCodeLong().intValue() : null;
        String image = r.getConfig() != null && r.getConfig().getImage() != null ? r.getConfig().getImage() : r.getImageId();
        Map<String, String> labels = r.getConfig() == null ? null : r.getConfig().getLabels();
        return new ContainerInfo(id, r.getId(), image, status, NAME, instant(r.getCreated()), pid, exit, clean(labels));
    }

    private static ContainerInfo toInfo(Container k) {
        Map<String, String> labels = clean(k.getLabels());
        String id = null;
        if (k.getNames() != null) {
            for (String n : k.getNames()) {
                if (n != null && !n.isEmpty()) {
                    String plain = n.startsWith("/") ? n.substring(1) : n;
                    if (!plain.contains("/")) { // not a legacy link alias such as /web/db
                        id = plain;
                        break;
                    }
                }
            }
        }
        if (id == null) {
            id = labels.getOrDefault(LABEL_ID, k.getId() == null ? "?" : k.getId().substring(0, Math.min(12, k.getId().length())));
        }
        ContainerStatus status = status(k.getState());
        Integer exit = null;
        if (status == ContainerStatus.STOPPED && k.getStatus() != null) {
            Matcher m = EXITED.matcher(k.getStatus());
            if (m.find()) {
                exit = Integer.valueOf(m.group(1));
            }
        }
        Instant created = k.getCreated() == null ? Instant.EPOCH : Instant.ofEpochSecond(k.getCreated());
        return new ContainerInfo(id, k.getId(), k.getImage(), status, NAME, created, 0, exit, labels);
    }

    private static Map<String, String> clean(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        labels.forEach((k, v) -> {
            if (k != null && v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Instant instant(String rfc3339) {
        if (rfc3339 == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(rfc3339);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(rfc3339).toInstant();
            } catch (DateTimeParseException e2) {
                return Instant.EPOCH;
            }
        }
    }

    /** The plugin's configuration PID (for documentation; DS uses the literal). */
    static final String CONFIG_PID = PluginHeaders.CONFIG_PID_PREFIX + NAME;
}
