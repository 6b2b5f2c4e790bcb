package nexcage.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.transport.DockerHttpClient;

/**
 * One pair of transports bound to one engine at one API version; docker-java's clients on them,
 * and the hot calls of an attached run ({@link EngineHttp}), are made at their first use. Once
 * closed (the engine dropped it) it makes none: a call that got this connection just before the
 * drop would otherwise make clients that nothing closes, as the engine has forgotten the
 * connection; it fails with {@link Dropped} instead, which {@link EngineCalls} repeats on the
 * engine's next connection.
 */
final class EngineConnection {
    private DockerHttpClient callsHttp; // guarded by this
    private DockerHttpClient streamsHttp;
    private final String engineVersion;
    private final String apiVersion;
    /** Docker's own engine ({@link EngineVersion#docker}), whose wait for {@code removed} answers the exit code. */
    private final boolean docker;
    private final Engine engine;
    private DockerClient api; // guarded by this, like the two below
    private DockerClient streams;
    private EngineHttp http;
    private boolean closed; // guarded by this, like the one below
    private boolean clientsClosed;

    /** This connection was closed before a call made its clients: the call sent nothing on it, so it may run on a fresh one. */
    static final class Dropped extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Dropped() {
            super("the connection to the Docker engine was dropped before the call was sent");
        }
    }

    /** Clients made already, on an engine not known to be Docker's (for tests). */
    EngineConnection(DockerClient api, DockerClient streams, EngineHttp http, String engineVersion, String apiVersion) {
        this(api, streams, http, engineVersion, apiVersion, false);
    }

    /** Clients made already (for tests). */
    EngineConnection(DockerClient api, DockerClient streams, EngineHttp http, String engineVersion, String apiVersion, boolean docker) {
        this((Engine) null, engineVersion, apiVersion, docker);
        this.api = api;
        this.streams = streams;
        this.http = http;
    }

    EngineConnection(Engine engine, String engineVersion, String apiVersion, boolean docker) {
        this.engine = engine;
        this.engineVersion = engineVersion;
        this.apiVersion = apiVersion;
        this.docker = docker;
    }

    String engineVersion() {
        return engineVersion;
    }

    String apiVersion() {
        return apiVersion;
    }

    /** Whether the engine is Docker's own (not Podman, nor one not known): its wait for {@code removed} answers the exit code. */
    boolean docker() {
        return docker;
    }

    DockerClient api() {
        clients();
        synchronized (this) {
            return api;
        }
    }

    DockerClient streams() {
        clients();
        synchronized (this) {
            return streams;
        }
    }

    EngineHttp http() {
        clients();
        synchronized (this) {
            return http;
        }
    }

    /** Makes docker-java's clients on first use: the first container or image command. */
    private void clients() {
        boolean first;
        synchronized (this) {
            if (closed && api == null && http == null) {
                throw new Dropped();
            }
            if (api != null || http != null || engine == null) {
                return;
            }
            callsHttp = engine.http(Engine.CALL_TIMEOUT, 32);
            streamsHttp = engine.http(null, 64);
            EngineConfig config = new EngineConfig(engine.host(), RemoteApiVersion.parseConfig(apiVersion));
            api = DockerClientImpl.getInstance(config, callsHttp);
            streams = DockerClientImpl.getInstance(config, streamsHttp);
            http = new EngineHttp(callsHttp, streamsHttp, DockerClientConfig.getDefaultObjectMapper(), apiVersion, engine.heads(),
                    engine.answerTimeout(), engine.socket());
            first = engine.firstClients();
        }
        Runnable hook = engine.firstClientsHook();
        if (first && hook != null) {
            hook.run();
        }
    }

    /** Whether docker-java's clients were made on this connection and are not closed (for tests). */
    synchronized boolean holdsClients() {
        return (api != null || http != null) && !clientsClosed;
    }

    synchronized void close() {
        closed = true;
        clientsClosed = api != null || http != null;
        Engine.quietly(api);
        Engine.quietly(streams);
        Engine.quietly(callsHttp);
        Engine.quietly(streamsHttp);
        if (http != null) {
            http.close(); // its streams on the engine's socket, which the transports above do not hold
        }
    }
}
