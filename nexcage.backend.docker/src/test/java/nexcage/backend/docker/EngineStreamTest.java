package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient.Response;

import nexcage.backend.docker.AttachedRunTest.Scripted;

/**
 * Streams asked by the calling thread on the engine's Unix socket ({@link EngineStream}), on a
 * scripted engine listening on a socket of its own: the requests go out when asked, the head is
 * awaited within its bound (a silent engine is a timeout, not a hang), the body as long as it lasts.
 */
class EngineStreamTest {

    @TempDir
    Path dir;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private EngineHttp http(SocketEngine engine, Duration bound) {
        return new EngineHttp(new Scripted(r -> new EngineHttpTest.Answer(204, "")), null, new ObjectMapper(), "1.41", pool, bound,
                engine.socket);
    }

    @Test
    @Timeout(30)
    void bothRequestsAreOnTheirWayBeforeEitherHeadIsAwaited() throws Exception {
        // the engine answers the attach only once the wait has reached it: a request sent only when its head is
        // awaited would leave the attach unanswered (a timeout after the bound)
        CountDownLatch waitArrived = new CountDownLatch(1);
        try (SocketEngine engine = new SocketEngine(dir.resolve("e.sock"), (path, c) -> {
            if (path.contains("/attach")) {
                waitArrived.await(20, TimeUnit.SECONDS);
                c.write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                c.write(ByteBuffer.wrap(EngineHttpTest.frame(1, "hi\n")));
            } else {
                waitArrived.countDown();
                c.write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "10\r\n{\"StatusCode\":3}\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            }
        })) {
            EngineHttp http = http(engine, Duration.ofSeconds(10));
            try (EngineHttp.Pending attach = http.askAttach("web1"); EngineHttp.Pending exit = http.askWait("web1", "next-exit")) {
                Response attached = attach.answer();
                Response exited = exit.answer();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertThat(EngineHttp.copyFrames(attached.getBody(), out, new ByteArrayOutputStream())).isNull();
                assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hi\n");
                assertThat(http.exitCode(exited)).isEqualTo(3);
            }
            assertThat(engine.asked).containsExactlyInAnyOrder("POST /v1.41/containers/web1/attach?stream=1&stdout=1&stderr=1",
                    "POST /v1.41/containers/web1/wait?condition=next-exit");
        }
    }

    @Test
    @Timeout(30)
    void anEngineThatNeverAnswersEndsInATimeoutAfterTheBoundAndTheConnectionIsClosed() throws Exception {
        CompletableFuture<Boolean> closedByClient = new CompletableFuture<>();
        try (SocketEngine engine = new SocketEngine(dir.resolve("e.sock"), (path, c) -> {
            // takes the request and never answers; says when the client closed the connection
            closedByClient.complete(c.read(ByteBuffer.allocate(1)) < 0);
        })) {
            EngineHttp http = http(engine, Duration.ofMillis(300));
            long t0 = System.nanoTime();
            try (EngineHttp.Pending attach = http.askAttach("web1")) {
                assertThatThrownBy(attach::answer).isInstanceOf(TimeoutException.class);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(10));
            assertThat(closedByClient.get(10, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
        }
    }

    @Test
    @Timeout(30)
    void aThreadInterruptedWhileItWaitsForAHeadStopsWaiting() throws Exception {
        try (SocketEngine engine = new SocketEngine(dir.resolve("e.sock"), (path, c) -> c.read(ByteBuffer.allocate(1)))) {
            EngineHttp http = http(engine, Duration.ofSeconds(60));
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            CountDownLatch asked = new CountDownLatch(1);
            Thread waiter = new Thread(() -> {
                try (EngineHttp.Pending attach = http.askAttach("web1")) {
                    asked.countDown();
                    attach.answer();
                    ended.complete(null);
                } catch (Throwable t) {
                    ended.complete(t);
                }
            });
            waiter.start();
            assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
            engine.awaitAsked(1);
            waiter.interrupt();
            assertThat(ended.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        }
    }

    @Test
    @Timeout(30)
    void theBodyHasNoBoundOnlyTheHeadHas() throws Exception {
        CountDownLatch headRead = new CountDownLatch(1);
        try (SocketEngine engine = new SocketEngine(dir.resolve("e.sock"), (path, c) -> {
            c.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            headRead.await(20, TimeUnit.SECONDS);
            Thread.sleep(600); // the container is silent for twice the head's bound: the body must still come
            c.write(ByteBuffer.wrap(EngineHttpTest.frame(1, "late\n")));
        })) {
            EngineHttp http = http(engine, Duration.ofMillis(300));
            try (EngineHttp.Pending attach = http.askAttach("web1")) {
                Response attached = attach.answer();
                headRead.countDown();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertThat(EngineHttp.copyFrames(attached.getBody(), out, new ByteArrayOutputStream())).isNull();
                assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("late\n");
            }
        }
    }

    @Test
    @Timeout(30)
    void closingTheConnectionEndsItsStreamsWhetherHeadOrBodyIsAwaitedAndRefusesNewOnes() throws Exception {
        // the attach answers its head and then stays silent (a container that runs); the wait never answers
        try (SocketEngine engine = new SocketEngine(dir.resolve("e.sock"), (path, c) -> {
            if (path.contains("/attach")) {
                c.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            }
            c.read(ByteBuffer.allocate(1));
        })) {
            EngineHttp http = http(engine, Duration.ofSeconds(60));
            Response attached = http.askAttach("web1").answer();
            EngineHttp.Pending exit = http.askWait("web1", "next-exit");
            CompletableFuture<Throwable> body = CompletableFuture.supplyAsync(() -> catchUnchecked(
                    () -> EngineHttp.copyFrames(attached.getBody(), new ByteArrayOutputStream(), new ByteArrayOutputStream())));
            CompletableFuture<Throwable> head = CompletableFuture.supplyAsync(() -> catchUnchecked(exit::answer));
            engine.awaitAsked(2);

            http.close(); // what dropping the connection and stopping the backend do

            assertThat(head.get(10, TimeUnit.SECONDS)).as("the head awaited no more").isInstanceOf(UncheckedIOException.class);
            assertThat(body.get(10, TimeUnit.SECONDS)).as("the body read no more").isInstanceOf(UncheckedIOException.class);
            assertThatThrownBy(() -> http.askAttach("web2")).isInstanceOf(UncheckedIOException.class);
        }
    }

    @FunctionalInterface
    interface Call {
        Object run() throws Exception;
    }

    private static Throwable catchUnchecked(Call call) {
        try {
            call.run();
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    @Timeout(30)
    void aFailedAnswerIsDockerJavasExceptionWithTheEnginesMessage() throws Exception {
        String message = "{\"message\":\"No such container: web1\"}\n";
        try (SocketEngine engine = new SocketEngine(dir.resolve("e.sock"), (path, c) -> c.write(ByteBuffer.wrap(
                ("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: " + message.length() + "\r\n\r\n"
                        + message).getBytes(StandardCharsets.US_ASCII))))) {
            EngineHttp http = http(engine, Duration.ofSeconds(10));
            try (EngineHttp.Pending removed = http.askWait("web1", "removed")) {
                assertThatThrownBy(removed::answer).isInstanceOf(NotFoundException.class).hasMessageContaining("No such container: web1");
            }
        }
    }

    @Test
    @Timeout(30)
    void anAttachedRunRmOnTheSocketOfAnotherEngineAsksInOrderAndReturnsOnceTheRemovalWasAnswered() throws Exception {
        AtomicBoolean removalAnswered = new AtomicBoolean();
        CountDownLatch waitArrived = new CountDownLatch(1);
        List<String> calls = new CopyOnWriteArrayList<>();
        try (SocketEngine engine = new SocketEngine(dir.resolve("e.sock"), (path, c) -> {
            if (path.contains("/attach")) {
                waitArrived.await(20, TimeUnit.SECONDS);
                c.write(ByteBuffer.wrap("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)));
                c.write(ByteBuffer.wrap(EngineHttpTest.frame(2, "oops\n")));
                return;
            }
            waitArrived.countDown();
            String answer = "{\"StatusCode\":" + (path.endsWith("next-exit") ? "7" : "0") + "}";
            if (path.endsWith("removed")) {
                removalAnswered.set(true); // before the answer: the run may return as soon as it has read it
            }
            c.write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Length: " + answer.length() + "\r\n\r\n" + answer)
                    .getBytes(StandardCharsets.US_ASCII)));
        })) {
            EngineHttp http = new EngineHttp(new Scripted(r -> {
                calls.add(r.method() + " " + r.path());
                return new EngineHttpTest.Answer(204, "");
            }), null, new ObjectMapper(), "1.41", pool, Duration.ofSeconds(10), engine.socket);
            EngineConnection c = new EngineConnection(null, null, http, "4.3.1", "1.41", false);
            AttachedRun run = new AttachedRun();
            run.created("web1", true);
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int code = run.run(c, "web1", new ByteArrayOutputStream(), err, () -> { });

            assertThat(code).as("the next exit's code").isEqualTo(7);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("oops\n");
            assertThat(removalAnswered).isTrue();
            assertThat(calls).containsExactly("POST /v1.41/containers/web1/start");
            assertThat(engine.asked.subList(0, 2)).containsExactlyInAnyOrder(
                    "POST /v1.41/containers/web1/attach?stream=1&stdout=1&stderr=1", "POST /v1.41/containers/web1/wait?condition=next-exit");
            assertThat(engine.asked.get(2)).isEqualTo("POST /v1.41/containers/web1/wait?condition=removed");
        }
    }

    @Test
    @Timeout(30)
    void anAttachedRunRmOnDockersSocketAsksTwoStreamsBeforeTheStartAndReturnsTheRemovalsCode() throws Exception {
        CountDownLatch waitArrived = new CountDownLatch(1);
        List<String> calls = new CopyOnWriteArrayList<>();
        CountDownLatch startMade = new CountDownLatch(1);
        try (SocketEngine engine = new SocketEngine(dir.resolve("e.sock"), (path, c) -> {
            if (path.contains("/attach")) {
                waitArrived.await(20, TimeUnit.SECONDS);
                c.write(ByteBuffer.wrap("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)));
                c.write(ByteBuffer.wrap(EngineHttpTest.frame(1, "hi\n")));
                return;
            }
            waitArrived.countDown();
            // Docker sends the head at once and the status with the removal: only once the start was made here
            c.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            startMade.await(20, TimeUnit.SECONDS);
            String answer = "{\"Error\":null,\"StatusCode\":143}";
            c.write(ByteBuffer.wrap((Integer.toHexString(answer.length()) + "\r\n" + answer + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
        })) {
            EngineHttp http = new EngineHttp(new Scripted(r -> {
                calls.add(r.method() + " " + r.path());
                startMade.countDown();
                return new EngineHttpTest.Answer(204, "");
            }), null, new ObjectMapper(), "1.41", pool, Duration.ofSeconds(10), engine.socket);
            AttachedRun run = new AttachedRun();
            run.created("web1", true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            int code = run.run(new EngineConnection(null, null, http, "20.10.24", "1.41", true), "web1", out, new ByteArrayOutputStream(),
                    () -> { });

            assertThat(code).as("the removal's code (SIGTERM through the init)").isEqualTo(143);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hi\n");
            assertThat(calls).containsExactly("POST /v1.41/containers/web1/start");
            assertThat(engine.asked).containsExactlyInAnyOrder("POST /v1.41/containers/web1/attach?stream=1&stdout=1&stderr=1",
                    "POST /v1.41/containers/web1/wait?condition=removed");
        }
    }

    @FunctionalInterface
    interface Script {
        void answer(String path, SocketChannel c) throws IOException, InterruptedException;
    }

    /** An engine on a Unix socket of its own: each connection's request read on a thread of its own and answered by the script. */
    static final class SocketEngine implements AutoCloseable {
        final Path socket;
        final List<String> asked = new CopyOnWriteArrayList<>();
        private final ServerSocketChannel server;
        private final List<SocketChannel> open = new CopyOnWriteArrayList<>();

        SocketEngine(Path socket, Script script) throws IOException {
            this.socket = socket;
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(() -> {
                while (true) {
                    try {
                        SocketChannel c = server.accept();
                        open.add(c);
                        Thread t = new Thread(() -> serve(c, script), "socket-engine-connection");
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "socket-engine");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve(SocketChannel c, Script script) {
            try (c) {
                InputStream in = Channels.newInputStream(c);
                String request = RawHttp.line(in);
                for (String h = RawHttp.line(in); !h.isEmpty(); h = RawHttp.line(in)) {
                    // the head's other lines
                }
                String[] parts = request.split(" ");
                asked.add(parts[0] + " " + parts[1]);
                synchronized (asked) {
                    asked.notifyAll();
                }
                script.answer(parts[1], c);
            } catch (IOException | InterruptedException closed) {
                // the test is over, or the client went away
            }
        }

        void awaitAsked(int n) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            synchronized (asked) {
                while (asked.size() < n && System.nanoTime() < until) {
                    asked.wait(100);
                }
            }
            assertThat(asked).hasSizeGreaterThanOrEqualTo(n);
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (SocketChannel c : open) {
                c.close();
            }
        }
    }
}
