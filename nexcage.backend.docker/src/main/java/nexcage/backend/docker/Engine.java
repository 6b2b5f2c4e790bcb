package nexcage.backend.docker;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendHealth;

/**
 * The connection to one Docker engine. It probes the engine ({@code GET /version}, at most
 * {@link #PROBE_TIMEOUT}), pins the API version the engine states (capped at the newest one this
 * docker-java knows), and keeps two transports: one for short calls and one, without a read
 * timeout, for streams (logs, attach, wait, events) and long calls (stop). When the engine stops
 * answering they are dropped; the next call probes again and builds new ones, so an engine that
 * comes back is used again without restarting anything.
 *
 * <p>The probe and the event stream speak raw HTTP with the JDK ({@link RawHttp}); docker-java
 * (its transport, command layer, model and Jackson set-up: about 700 classes, 20 MB of an idle
 * daemon's RSS) is loaded only when a container or image command first asks for {@link
 * EngineConnection#api()} or {@link EngineConnection#http()}, so an idle daemon with a healthy, subscribed
 * backend never loads it.
 */
final class Engine implements AutoCloseable {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Once the engine has answered a ping, how long its /version may take. */
    static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);
    /** Short calls (create, start, inspect, list, delete, exec create): generous, the engine may be busy. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);

    /** Why a call on a closed engine fails: its component was deactivated. */
    static final String STOPPED = "the Docker backend was stopped (its plugin was disabled or the daemon is shutting down); "
            + "its containers go on running: see them with 'nexcage list' once 'nexcage backend list' shows it healthy";
    static final String START_HINT = "start it with `sudo systemctl start docker` or `sudo dockerd &`";

    /**
     * What a probe found: health, and when the engine answered its versions and whether it is Docker's own
     * engine ({@link EngineVersion#docker(JsonNode)}).
     */
    record Probe(BackendHealth health, String engineVersion, String apiVersion, boolean docker) {
        Probe(BackendHealth health, String engineVersion, String apiVersion) {
            this(health, engineVersion, apiVersion, false);
        }
    }

    private final URI host;
    /** TLS for a tcp:// engine, or null (a Unix socket, or plain TCP). */
    private final SSLConfig tls;
    private final Path socket;
    private final ExecutorService probes;
    private final Duration answerTimeout;
    private EngineConnection current; // guarded by this
    private volatile boolean closed;
    /** Whether docker-java's clients were made once on this engine; see {@link #onFirstClients(Runnable)}. */
    private volatile boolean clientsMade;
    private volatile Runnable onFirstClients;

    /** The raw probe's JSON: plain Jackson, none of docker-java's set-up. */
    private static final ObjectMapper JSON = new ObjectMapper();

    Engine(URI host, Duration answerTimeout) {
        this(host, null, answerTimeout);
    }

    Engine(URI host, SSLConfig tls, Duration answerTimeout) {
        this.host = host;
        this.tls = tls;
        this.answerTimeout = answerTimeout;
        this.socket = "unix".equalsIgnoreCase(host.getScheme()) ? Path.of(host.getPath()) : null;
        AtomicInteger n = new AtomicInteger();
        // threads end after 2 s idle: the health probe every 5 s makes one, an idle daemon keeps none (bench/README.md, issue 22)
        this.probes = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 2, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "nexcage-docker-" + n.incrementAndGet()); // probes, and the heads of streams
            t.setDaemon(true);
            return t;
        });
    }

    URI host() {
        return host;
    }

    /** The engine's Unix socket, or null (TCP). */
    Path socket() {
        return socket;
    }

    /** True the first time docker-java's clients are made on this engine, then false. */
    synchronized boolean firstClients() {
        boolean first = !clientsMade;
        clientsMade = true;
        return first;
    }

    /** Whether docker-java's clients were made on this engine yet (for tests). */
    boolean clientsMade() {
        return clientsMade;
    }

    /** What runs when docker-java's clients are first made, or null. */
    Runnable firstClientsHook() {
        return onFirstClients;
    }

    /** Runs {@code hook} (on the caller's thread) when docker-java's clients are first made: the first container or image command. */
    void onFirstClients(Runnable hook) {
        this.onFirstClients = hook;
    }

    /** Where the head of a raw stream's answer is awaited. */
    ExecutorService heads() {
        return probes;
    }

    Duration answerTimeout() {
        return answerTimeout;
    }

    boolean tls() {
        return tls != null;
    }

    /** Where the engine is, as people write it: the socket path, or the URL. */
    String where() {
        return socket != null ? socket.toString() : host.toString();
    }

    /** The live connection, made (probing the engine) when there is none. */
    synchronized EngineConnection connection() throws BackendException {
        if (closed) {
            throw new BackendException(BackendException.Reason.ENGINE_UNAVAILABLE, STOPPED);
        }
        if (current != null) {
            return current;
        }
        Probe p = probe();
        if (p.health().state() != BackendHealth.State.HEALTHY) {
            throw unavailable(p.health());
        }
        current = new EngineConnection(this, p.engineVersion(), EngineVersion.pin(p.apiVersion()), p.docker());
        return current;
    }

    /** The current connection if there is one, without probing. */
    synchronized EngineConnection peek() {
        return current;
    }

    /**
     * A call on {@code used} failed at the transport level: probe now; when the engine does not
     * answer, drop that connection (the next call connects afresh). Returns what the probe found.
     */
    BackendHealth recheck(EngineConnection used) {
        Probe p = probe();
        if (p.health().state() != BackendHealth.State.HEALTHY) {
            drop(used);
        } else {
            // the engine answers: it may have restarted (other version, stale pooled sockets)
            synchronized (this) {
                if (used != null && used == current && (!p.engineVersion().equals(used.engineVersion())
                        || !EngineVersion.pin(p.apiVersion()).equals(used.apiVersion()) || p.docker() != used.docker())) {
                    drop(used);
                }
            }
        }
        return p.health();
    }

    /** Forgets {@code used} if it is still the current connection, and closes it. */
    void drop(EngineConnection used) {
        synchronized (this) {
            if (used == null || used != current) {
                return;
            }
            current = null;
        }
        used.close();
    }

    /**
     * Checks the engine now: the socket, then {@code GET /_ping} within {@link #PROBE_TIMEOUT} and
     * {@code GET /version} (see {@link #VERSION_TIMEOUT}).
     * Never throws. Once this engine is closed, whatever the check met (a refused or interrupted
     * probe) is reported as {@link #STOPPED}: the engine is not the one to blame.
     */
    Probe probe() {
        return probe(null);
    }

    /**
     * The periodic health check. With a live connection it asks only {@code GET /_ping}, the engine's
     * cheapest answer: Docker's {@code /version} runs {@code runc --version} and {@code docker-init
     * --version} each time (seen with strace on dockerd 20.10), which a check every few seconds made
     * the engine do for as long as the daemon ran. The version it states is the connection's: an
     * engine that restarts ends the event stream and fails calls, whose rechecks drop the connection,
     * and the next check probes it whole.
     */
    Probe check() {
        return probe(peek());
    }

    /** {@link #probe()}; with {@code live} (the current connection) only the ping is asked. */
    private Probe probe(EngineConnection live) {
        Probe stopped = new Probe(BackendHealth.unhealthy(STOPPED), null, null);
        try {
            Probe p = probeNow(live);
            return closed ? stopped : p;
        } catch (RuntimeException e) { // e.g. its pool, shut down by close(), refused the check
            if (closed) {
                return stopped;
            }
            throw e;
        }
    }

    private Probe probeNow(EngineConnection live) {
        if (socket != null && !Files.exists(socket)) {
            return new Probe(BackendHealth.undetected("no Docker engine found: " + socket + " does not exist; install Docker and "
                    + START_HINT + ", or set DOCKER_HOST to an engine's socket"), null, null);
        }
        if (socket != null && !Files.isReadable(socket) && !Files.isWritable(socket)) {
            return new Probe(BackendHealth.unhealthy("the Docker engine socket " + socket
                    + " is not accessible to this user; run the daemon as root or add its user to the docker group"), null, null);
        }
        // A ping decides within PROBE_TIMEOUT whether the engine answers at all; the version may take
        // longer (Podman spends over a second on /version), so it gets VERSION_TIMEOUT of its own.
        List<RawHttp> open = Collections.synchronizedList(new ArrayList<>());
        try {
            Future<?> ping = probes.submit(() -> get(open, "/_ping"));
            try {
                ping.get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (live != null) {
                    return new Probe(BackendHealth.healthy(live.engineVersion()), live.engineVersion(), live.apiVersion(), live.docker());
                }
                Future<JsonNode> f = probes.submit(() -> get(open, "/version"));
                JsonNode v = f.get(VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                String version = EngineVersion.text(v, "Version", "unknown");
                String api = EngineVersion.text(v, "ApiVersion", "1.41");
                return new Probe(BackendHealth.healthy(version), version, api, EngineVersion.docker(v));
            } catch (TimeoutException e) {
                ping.cancel(true);
                return new Probe(BackendHealth.unhealthy("the Docker engine at " + where() + " accepted the connection but did not answer within "
                        + PROBE_TIMEOUT.toSeconds() + " s; restart it with `sudo systemctl restart docker` (or restart dockerd)"), null, null);
            } catch (ExecutionException e) {
                return new Probe(BackendHealth.unhealthy(unreachableReason(e.getCause())), null, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Probe(BackendHealth.unhealthy("the check of the Docker engine at " + where() + " was interrupted"), null, null);
            }
        } finally {
            synchronized (open) {
                open.forEach(Engine::quietly); // also unblocks a probe still waiting for an answer
            }
        }
    }

    /** {@code GET path} (unversioned), its answer as JSON (null when it is none); a failed call throws what docker-java would. */
    private JsonNode get(List<RawHttp> open, String path) throws IOException {
        RawHttp h = raw();
        open.add(h);
        RawHttp.Answer a = h.get(path);
        if (a.status() < 200 || a.status() > 299) {
            throw new DockerException(RawHttp.text(a), a.status());
        }
        byte[] body = a.body().readAllBytes();
        return body.length == 0 || body[0] != '{' ? null : JSON.readTree(body);
    }

    /** A raw connection to the engine (JDK only; see {@link RawHttp}). */
    RawHttp raw() throws IOException {
        SSLContext context = null;
        if (tls != null) {
            try {
                context = tls.getSSLContext();
            } catch (GeneralSecurityException e) {
                throw new SSLException("the TLS settings of " + where() + " cannot be used: " + e.getMessage(), e);
            }
        }
        return RawHttp.connect(host, context, CONNECT_TIMEOUT);
    }

    /** One sentence: why the engine at this address does not answer, and what to do. */
    String unreachableReason(Throwable t) {
        DockerException de = Failures.find(t, DockerException.class);
        if (de != null) {
            return "the engine at " + where() + " answered /version with HTTP " + de.getHttpStatus() + " ("
                    + Failures.engineMessage(de) + "); is it a Docker-compatible engine? Restart it or fix DOCKER_HOST";
        }
        String text = Failures.chainText(t).toLowerCase(Locale.ROOT);
        // TLS 1.3 refuses a client certificate after the handshake: the client sees the connection reset (or its write fail)
        if (Failures.find(t, SSLException.class) != null || tls != null && (text.contains("reset") || text.contains("broken pipe"))) {
            return "the TLS connection to the engine at " + where() + " failed (" + Failures.rootMessage(t)
                    + "); check that tls.ca signed the engine's certificate, which must name the host, and that tls.cert and tls.key are a client certificate the engine trusts";
        }
        if (Failures.find(t, AccessDeniedException.class) != null || text.contains("permission denied")) {
            return "permission denied on " + where() + "; run the daemon as root or add its user to the docker group";
        }
        if (text.contains("refused")) {
            return "nothing answers on " + where() + " (connection refused): the Docker engine is not running; " + START_HINT;
        }
        if (text.contains("no such file")) {
            return "no Docker engine found: " + where() + " does not exist; install Docker and " + START_HINT
                    + ", or set DOCKER_HOST to an engine's socket";
        }
        String what = Failures.rootMessage(t);
        return "the Docker engine at " + where() + " does not answer (" + what + "); " + START_HINT;
    }

    /** The exception every operation throws when the engine does not answer. */
    BackendException unavailable(BackendHealth health) {
        String reason = health.reason() != null ? health.reason()
                : "the Docker engine at " + where() + " does not answer; " + START_HINT;
        return new BackendException(BackendException.Reason.ENGINE_UNAVAILABLE, reason);
    }

    DockerHttpClient http(Duration responseTimeout, int maxConnections) {
        ZerodepDockerHttpClient.Builder b = new ZerodepDockerHttpClient.Builder()
                .dockerHost(host)
                .maxConnections(maxConnections)
                .connectionTimeout(CONNECT_TIMEOUT);
        if (tls != null) {
            b.sslConfig(tls);
        }
        if (responseTimeout != null) {
            b.responseTimeout(responseTimeout);
        }
        return b.build();
    }

    @Override
    public void close() {
        EngineConnection c;
        synchronized (this) {
            closed = true;
            c = current;
            current = null;
        }
        if (c != null) {
            c.close();
        }
        probes.shutdownNow();
    }

    static void quietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception | LinkageError ignored) {
            // closing a client of an engine that is gone
        }
    }

    static boolean isTransportFailure(Throwable t) {
        return Failures.find(t, DockerException.class) == null && Failures.find(t, IOException.class) != null;
    }
}
