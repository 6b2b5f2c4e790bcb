package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.api.backend.BackendHealth;

/** The JDK-only HTTP the probe and the events use, and the probe on a fake engine's Unix socket. */
class RawHttpTest {

    @TempDir
    Path dir;

    @Test
    void aChunkedBodyIsHandedOnChunkByChunk() throws Exception {
        String wire = "4\r\nWiki\r\n6;ext=1\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\n\r\n";
        InputStream body = new RawHttp.Chunked(new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII)));
        assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("Wikipedia in \r\n\r\nchunks.");
    }

    @Test
    void theProbeReadsPingAndVersionOverTheSocket() throws Exception {
        try (FakeEngine e = new FakeEngine(dir.resolve("engine.sock"), Map.of(
                "/_ping", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK",
                "/version", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "1b\r\n{\"Version\":\"99.1\",\"ApiVersi\r\n" + "b\r\non\":\"1.47\"}\r\n0\r\n\r\n"));
                Engine engine = new Engine(e.uri(), Duration.ofSeconds(5))) {
            Engine.Probe p = engine.probe();
            assertThat(p.health().state()).isEqualTo(BackendHealth.State.HEALTHY);
            assertThat(p.engineVersion()).isEqualTo("99.1");
            assertThat(p.apiVersion()).isEqualTo("1.47");
            assertThat(EngineVersion.pin(p.apiVersion())).isEqualTo("1.44");
            assertThat(e.paths).containsKeys("/_ping", "/version");
        }
    }

    /** An engine that pings and states version 99.1. */
    private static final Map<String, String> ENGINE_99_1 = Map.of(
            "/_ping", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK",
            "/version", "HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n{\"Version\":\"99.1\",\"ApiVersion\":\"1.41\"}  ");

    @Test
    void theCheckOfALiveConnectionOnlyPingsAndOneWithoutProbesWhole() throws Exception {
        try (FakeEngine e = new FakeEngine(dir.resolve("engine.sock"), ENGINE_99_1);
                Engine engine = new Engine(e.uri(), Duration.ofSeconds(5))) {
            assertThat(engine.check().health().state()).isEqualTo(BackendHealth.State.HEALTHY);
            assertThat(e.paths).containsEntry("/_ping", 1).containsEntry("/version", 1);
            EngineConnection live = engine.connection();
            assertThat(e.paths).containsEntry("/_ping", 2).containsEntry("/version", 2);
            for (int i = 0; i < 3; i++) {
                Engine.Probe p = engine.check();
                assertThat(p.health().state()).isEqualTo(BackendHealth.State.HEALTHY);
                assertThat(p.engineVersion()).isEqualTo("99.1");
            }
            // Docker's /version runs two processes in the engine: a check of a live connection does not ask it
            assertThat(e.paths).containsEntry("/_ping", 5).containsEntry("/version", 2);
            engine.drop(live);
            engine.check();
            assertThat(e.paths).containsEntry("/_ping", 6).containsEntry("/version", 3);
        }
    }

    @Test
    void aLiveConnectionWhoseEngineStopsPingingIsUnhealthy() throws Exception {
        FakeEngine e = new FakeEngine(dir.resolve("engine.sock"), ENGINE_99_1);
        try (Engine engine = new Engine(e.uri(), Duration.ofSeconds(5))) {
            engine.connection();
            e.close();
            assertThat(engine.check().health().state()).isEqualTo(BackendHealth.State.UNHEALTHY);
        }
    }

    @Test
    void anEngineThatRefusesTheVersionIsUnhealthyWithItsStatusAndMessage() throws Exception {
        try (FakeEngine e = new FakeEngine(dir.resolve("engine.sock"), Map.of(
                "/_ping", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK",
                "/version", "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 20\r\n\r\n{\"message\":\"broken\"}"));
                Engine engine = new Engine(e.uri(), Duration.ofSeconds(5))) {
            BackendHealth h = engine.probe().health();
            assertThat(h.state()).isEqualTo(BackendHealth.State.UNHEALTHY);
            assertThat(h.reason()).contains("HTTP 500").contains("broken");
        }
    }

    /** Answers each connection's request with the canned answer for its path, then closes it. */
    static final class FakeEngine implements AutoCloseable {
        /** How often each path was asked. */
        final Map<String, Integer> paths = new ConcurrentHashMap<>();
        private final ServerSocketChannel server;
        private final Path socket;
        private final Thread thread;

        FakeEngine(Path socket, Map<String, String> answers) throws IOException {
            this.socket = socket;
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            thread = new Thread(() -> {
                while (true) {
                    try (SocketChannel c = server.accept()) {
                        String head = RawHttp.line(java.nio.channels.Channels.newInputStream(c));
                        String path = head.split(" ")[1];
                        paths.merge(path, 1, Integer::sum);
                        String answer = answers.getOrDefault(path, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                        c.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "fake-engine");
            thread.setDaemon(true);
            thread.start();
        }

        URI uri() {
            return URI.create("unix://" + socket);
        }

        /**
         * Stops answering. Waits for the answering thread to end: a blocked accept holds the listening socket open
         * until it returns, so a connection made meanwhile would still be answered.
         */
        @Override
        public void close() throws IOException {
            server.close();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
