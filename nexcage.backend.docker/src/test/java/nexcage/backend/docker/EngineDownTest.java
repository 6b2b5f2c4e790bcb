package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerEvent;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;
import nexcage.testkit.SocketProxy;

/**
 * An engine that is missing, refusing, silent, or gone and back, without touching the shared
 * engine: a second backend points at sockets made here (or a proxy to the real one).
 */
class EngineDownTest {

    static final Duration FAST = Duration.ofMillis(2500);

    @TempDir
    Path dir;
    final List<AutoCloseable> closeLater = new ArrayList<>();
    final List<String> made = new ArrayList<>();

    @BeforeEach
    void engine() {
        RealEngine.backend();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : closeLater) {
            c.close();
        }
        RealEngine.removeQuietly(made);
    }

    DockerBackend backendAt(String url) {
        DockerBackend b = new DockerBackend(url);
        closeLater.add(b::close);
        return b;
    }

    static long millisOf(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    void assertEveryCallFailsFast(DockerBackend b, String socket) {
        List<BackendCall> calls = List.of(
                () -> b.create(new ContainerSpec("nx-down", RealEngine.IMAGE, List.of(), RealEngine.MANAGED, false)),
                () -> b.start("nx-down"), () -> b.stop("nx-down", 1), () -> b.kill("nx-down", "KILL"),
                () -> b.delete("nx-down", true), () -> b.list(false), () -> b.list(true), () -> b.info("nx-down"),
                () -> b.exec("nx-down", List.of("true"), ByteArrayOutputStream.nullOutputStream(), ByteArrayOutputStream.nullOutputStream()),
                () -> b.logs("nx-down", false, -1, ByteArrayOutputStream.nullOutputStream(), ByteArrayOutputStream.nullOutputStream()),
                () -> b.startAttached("nx-down", ByteArrayOutputStream.nullOutputStream(), ByteArrayOutputStream.nullOutputStream()));
        for (BackendCall call : calls) {
            long t0 = System.nanoTime();
            BackendException e = catchThrowableOfType(call::run, BackendException.class);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(e).isNotNull();
            assertThat(e.reason()).isEqualTo(Reason.ENGINE_UNAVAILABLE);
            assertThat(e.getMessage()).contains(socket).contains("systemctl start docker").contains("dockerd")
                    .doesNotContain("\n").doesNotContain("Exception");
            assertThat(took).as("a call with the engine down").isLessThan(FAST);
        }
    }

    @Test
    void noSocketAtAllIsUndetected() throws Exception {
        Path socket = dir.resolve("none/docker.sock");
        DockerBackend b = backendAt("unix://" + socket);
        BackendHealth[] h = new BackendHealth[1];
        assertThat(millisOf(() -> h[0] = b.health())).isLessThan(FAST.toMillis());
        assertThat(h[0].state()).isEqualTo(BackendHealth.State.UNDETECTED);
        assertThat(h[0].reason()).contains(socket.toString()).contains("does not exist").contains("dockerd")
                .contains("systemctl start docker");
        assertEveryCallFailsFast(b, socket.toString());
    }

    @Test
    void aSocketNobodyListensOnIsUnhealthy() throws Exception {
        Path socket = dir.resolve("dead.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(socket));
        } // closed: the file stays, connections are refused
        assertThat(Files.exists(socket)).isTrue();
        DockerBackend b = backendAt("unix://" + socket);
        BackendHealth[] h = new BackendHealth[1];
        assertThat(millisOf(() -> h[0] = b.health())).isLessThan(FAST.toMillis());
        assertThat(h[0].state()).isEqualTo(BackendHealth.State.UNHEALTHY);
        assertThat(h[0].reason()).contains(socket.toString()).contains("refused").contains("dockerd");
        assertEveryCallFailsFast(b, socket.toString());
    }

    @Test
    void anEngineThatDoesNotAnswerIsUnhealthyWithinTheProbeTime() throws Exception {
        Path socket = dir.resolve("silent.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(socket)); // listens, never accepts or answers
            DockerBackend b = backendAt("unix://" + socket);
            BackendHealth[] h = new BackendHealth[1];
            assertThat(millisOf(() -> h[0] = b.health())).isLessThan(3500);
            assertThat(h[0].state()).isEqualTo(BackendHealth.State.UNHEALTHY);
            assertThat(h[0].reason()).contains(socket.toString()).contains("did not answer");
            long t0 = System.nanoTime();
            BackendException e = catchThrowableOfType(() -> b.list(false), BackendException.class);
            assertThat(e.reason()).isEqualTo(Reason.ENGINE_UNAVAILABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(3500));
        }
    }

    @Test
    void operationsAndEventsWorkAgainWhenTheEngineComesBack() throws Exception {
        Path real = Path.of(java.net.URI.create(RealEngine.backend().host().toString()).getPath());
        SocketProxy proxy = new SocketProxy(dir.resolve("proxy.sock"), real);
        closeLater.add(proxy);
        proxy.start();
        DockerBackend b = backendAt(proxy.url());
        assertThat(b.health().state()).isEqualTo(BackendHealth.State.HEALTHY);
        assertThat(b.health().version()).isNotBlank();
        BlockingQueue<ContainerEvent> events = new LinkedBlockingQueue<>();
        AutoCloseable sub = b.events(events::add);
        closeLater.add(sub);
        String first = RealEngine.unique("back1");
        made.add(first);
        b.create(new ContainerSpec(first, RealEngine.IMAGE, List.of("true"), RealEngine.MANAGED, false));

        proxy.stop(false); // engine gone, socket file left: refused
        BackendException down = catchThrowableOfType(() -> b.list(false), BackendException.class);
        assertThat(down.reason()).as(down.getMessage()).isEqualTo(Reason.ENGINE_UNAVAILABLE);
        assertThat(down.getMessage()).contains("refused");
        assertThat(b.health().state()).isEqualTo(BackendHealth.State.UNHEALTHY);
        proxy.stop(true); // and now no socket at all
        assertThat(b.health().state()).isEqualTo(BackendHealth.State.UNDETECTED);

        proxy.start(); // the engine is back: same backend instance, no restart
        assertThat(b.health().state()).isEqualTo(BackendHealth.State.HEALTHY);
        assertThat(b.list(false)).extracting(c -> c.id()).contains(first);
        String second = RealEngine.unique("back2");
        made.add(second);
        b.create(new ContainerSpec(second, RealEngine.IMAGE, List.of("sh", "-c", "exit 9"), RealEngine.MANAGED, false));
        // the event stream re-subscribes by itself (its pauses grow to at most 5 s)
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ContainerEvent die = null;
        boolean restarted = false;
        while (die == null && System.nanoTime() < end) {
            if (!restarted && ((EventPump) sub).subscribed()) {
                b.start(second);
                restarted = true;
            }
            ContainerEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.id().equals(second) && e.action().equals("die")) {
                die = e;
            }
        }
        assertThat(restarted).as("the event stream came back").isTrue();
        assertThat(die).as("die event after the engine came back").isNotNull();
        assertThat(die.exitCode()).isEqualTo(9);
        assertThat(die.status()).isEqualTo(ContainerStatus.STOPPED);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void anEngineThatTakesTheAttachAndNeverAnswersEndsTheRunWithASentence() throws Exception {
        Path real = Path.of(java.net.URI.create(RealEngine.backend().host().toString()).getPath());
        SocketProxy proxy = new SocketProxy(dir.resolve("hangs.sock"), real);
        closeLater.add(proxy);
        proxy.start();
        DockerBackend b = new DockerBackend(proxy.url(), Duration.ofSeconds(1));
        closeLater.add(b::close);
        String id = RealEngine.unique("hung");
        made.add(id);
        b.create(new ContainerSpec(id, RealEngine.IMAGE, List.of("echo", "late"), RealEngine.MANAGED, false));

        proxy.swallowRequestsContaining("/attach?");
        long t0 = System.nanoTime();
        BackendException e = catchThrowableOfType(() -> b.startAttached(id, ByteArrayOutputStream.nullOutputStream(),
                ByteArrayOutputStream.nullOutputStream()), BackendException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("did not answer within 1 s when asked to attach to " + id)
                .contains("nexcage backend list").doesNotContain("\n");
        assertThat(b.info(id).status()).as("never started").isEqualTo(ContainerStatus.CREATED);

        proxy.swallowRequestsContaining(null); // the engine answers again: the same container runs
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(b.startAttached(id, out, ByteArrayOutputStream.nullOutputStream())).isZero();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("late\n");
    }

    @Test
    void eventsOnADownEngineReturnAtOnceAndClose() throws Exception {
        DockerBackend b = backendAt("unix://" + dir.resolve("nothing.sock"));
        long t0 = System.nanoTime();
        AutoCloseable sub = b.events(e -> { });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(FAST);
        sub.close();
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aBackendStoppedDuringAnAttachedRunEndsItWithASentenceAndRefusesLaterCalls() throws Exception {
        DockerBackend b = new DockerBackend(RealEngine.backend().host().toString());
        String id = RealEngine.unique("stopped");
        made.add(id);
        b.create(new ContainerSpec(id, RealEngine.IMAGE, List.of("sleep", "30"), RealEngine.MANAGED, false));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
            try {
                return b.startAttached(id, ByteArrayOutputStream.nullOutputStream(), ByteArrayOutputStream.nullOutputStream());
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (b.info(id).status() != ContainerStatus.RUNNING && System.nanoTime() < deadline) {
            assertThat(run).isNotDone();
        }
        b.close(); // what plugin disable and daemon shutdown do
        Throwable ended = catchThrowableOfType(() -> run.get(20, TimeUnit.SECONDS), java.util.concurrent.ExecutionException.class)
                .getCause();
        assertThat(ended).isInstanceOf(BackendException.class);
        assertThat(ended.getMessage()).isEqualTo(Engine.STOPPED);
        BackendException later = catchThrowableOfType(() -> b.info(id), BackendException.class);
        assertThat(later.reason()).isEqualTo(BackendException.Reason.ENGINE_UNAVAILABLE);
        assertThat(later.getMessage()).isEqualTo(Engine.STOPPED);
        assertThat(b.health().reason()).isEqualTo(Engine.STOPPED);
    }

    @FunctionalInterface
    interface BackendCall {
        void run() throws Exception;
    }
}
