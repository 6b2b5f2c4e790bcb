package nexcage.core.internal.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;
import nexcage.testkit.ControlFrames;

/** The control socket's limits and refusals on a real Unix socket, the client played by the test. */
class ControlListenerTest {
    private static final String POOL = "test-control-client";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final DaemonLog log = new DaemonLog(DaemonLog.Level.DEBUG, new PrintStream(logged, true, StandardCharsets.UTF_8));
    private final ExecutorService pool = Executors.newCachedThreadPool(Daemon.named(POOL));
    private final ExecutorService readers = Executors.newCachedThreadPool();
    private final List<SocketChannel> opened = new ArrayList<>();
    private final List<ControlRequest> served = new CopyOnWriteArrayList<>();
    private ControlListener listener;
    private Path socket;

    /** Answers argv joined by spaces on stdout, or for a shell the first line of its input. */
    private final ControlListener.Handler echo = (ch, frames, req, in, caller) -> {
        served.add(req);
        String text = req.shell() ? new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine()
                : String.join(" ", req.argv());
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        frames.write(Frames.STDOUT, b, 0, b.length);
        frames.exit(0);
    };

    private void listen(ControlLimits limits, PeerCheck peers, ControlListener.Handler handler) throws IOException {
        socket = dir.resolve("c.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        listener = new ControlListener(server, peers, limits, pool, handler, log);
        listener.start();
    }

    private void listen(ControlLimits limits) throws IOException {
        listen(limits, PeerCheck.forSocket(dir), echo);
    }

    private static ControlLimits limits(int connections, Duration timeout, int bytes) {
        return new ControlLimits(connections, timeout, bytes);
    }

    @AfterEach
    void close() throws IOException {
        for (SocketChannel ch : opened) {
            ch.close();
        }
        if (listener != null) {
            listener.close();
        }
        pool.shutdownNow();
        readers.shutdownNow();
    }

    private SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        opened.add(ch);
        return ch;
    }

    private SocketChannel send(String text) throws IOException {
        SocketChannel ch = connect();
        try {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException refusedFirst) {
            // a connection refused as it is accepted (another uid, over the cap) may be answered and closed before
            // the request is written; the answer still waits in the socket, and it is what the tests check
        }
        return ch;
    }

    /** Every frame until the daemon's side closes, as "type:payload", within 10 s. */
    private List<String> answer(SocketChannel ch) throws Exception {
        return CompletableFuture.supplyAsync(() -> ControlFrames.readAll(ch), readers).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRequestServedWithinTheLimitsReachesTheHandler() throws Exception {
        listen(limits(4, Duration.ofSeconds(10), 1024));
        assertThat(answer(send("{\"argv\":[\"hello\",\"World\"],\"cwd\":\"/tmp\",\"tty\":false}\n"))).containsExactly("1:hello World", "x:0");
    }

    @Test
    void aConnectionThatNeverEndsItsRequestLineIsRefusedAtTheDeadline() throws Exception {
        listen(limits(4, Duration.ofMillis(300), 1024));
        long start = System.nanoTime();
        List<String> frames = answer(send("{\"argv\":[\"version\"]"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(frames).containsExactly(
                "2:nexcage: no complete request line arrived within 300 ms of connecting, so the daemon hung up; "
                        + "use the nexcage client, which sends it at once\n",
                "x:2");
        assertThat(served).isEmpty();
    }

    @Test
    void aCommandBeingServedDoesNotHoldUpTheNextConnection() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        listen(limits(4, Duration.ofSeconds(10), 1024), PeerCheck.forSocket(dir), (ch, frames, req, in, caller) -> {
            if (req.argv().get(0).equals("slow")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            echo.serve(ch, frames, req, in, caller);
        });
        SocketChannel slow = send("{\"argv\":[\"slow\"]}\n");
        assertThat(answer(send("{\"argv\":[\"quick\"]}\n"))).containsExactly("1:quick", "x:0");
        release.countDown();
        assertThat(answer(slow)).containsExactly("1:slow", "x:0");
    }

    @Test
    void aRequestOverTheSizeLimitGetsAnErrorFrame() throws Exception {
        listen(limits(4, Duration.ofSeconds(10), 1024));
        List<String> frames = answer(send("{\"argv\":[\"" + "x".repeat(2000) + "\"]}\n"));
        assertThat(frames).containsExactly("2:nexcage: the request is longer than the daemon's limit of 1024 bytes; "
                + "pass long inputs in a file instead of on the command line\n", "x:2");
        assertThat(served).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"argv\":[null]}", "{\"argv\":[\"a\"],\"cwd\":\"/a\\u0000b\"}", "{\"argv\":[\"a\\u0000b\"]}",
            "{\"argv\":[\"a\"],\"cwd\":\"relative\"}", "{\"argv\":{}}", "{\"argv\":[[\"a\"]]}", "not json", "null",
            "{\"argv\":[\"a\"],\"mode\":\"gogo\"}", "{\"argv\":[\"a\"],\"tty\":\"maybe\"}", "[1,2]"})
    void anIllTypedRequestGetsOneSentenceAndExitTwo(String request) throws Exception {
        listen(limits(4, Duration.ofSeconds(10), 1024));
        List<String> frames = answer(send(request + "\n"));
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).startsWith("2:nexcage: ").endsWith("; use the nexcage client of the daemon's version\n");
        assertThat(frames.get(0).lines()).hasSize(1);
        assertThat(frames.get(1)).isEqualTo("x:2");
        assertThat(served).isEmpty();
        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("Exception");
    }

    @Test
    void overTheCapAConnectionIsRefusedAtOnceAndServedAgainWhenOneEnds() throws Exception {
        listen(limits(2, Duration.ofSeconds(30), 1024));
        SocketChannel idle1 = connect();
        connect();
        List<String> refused = awaitRefusal();
        assertThat(refused).containsExactly("2:nexcage: the daemon is already serving 2 connections, its limit; try again when some "
                + "have finished, or raise the limit with -Dnexcage.max_connections=N in NEXCAGE_JAVA_OPTS when you start the daemon\n",
                "x:3");
        idle1.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> frames;
        do {
            frames = answer(send("{\"argv\":[\"again\"]}\n"));
        } while (!frames.contains("x:0") && System.nanoTime() < deadline);
        assertThat(frames).containsExactly("1:again", "x:0");
    }

    /** The two idle connections may still be on their way to a slot: a third is refused once they hold both. */
    private List<String> awaitRefusal() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<String> frames = answer(send("{\"argv\":[\"third\"]}\n"));
            if (frames.contains("x:3") || System.nanoTime() > deadline) {
                return frames;
            }
        }
    }

    @Test
    void manyIdleConnectionsHoldNoMoreThreadsThanTheCap() throws Exception {
        listen(limits(4, Duration.ofSeconds(30), 1024));
        List<SocketChannel> idle = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            idle.add(connect());
        }
        int refused = 0;
        for (SocketChannel ch : idle.subList(4, idle.size())) {
            if (answer(ch).contains("x:3")) {
                refused++;
            }
        }
        assertThat(refused).as("all but the cap were refused at once").isGreaterThanOrEqualTo(300 - 4 - 4);
        long threads = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(POOL)).count();
        assertThat(threads).as("the cap and the one accepting").isLessThanOrEqualTo(4 + 1);
        assertThat(logged.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("refusing connections")))
                .as("one warning for the flood, not one per connection").hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void aPeerThatIsNeitherTheOwnerNorRootIsRefusedWithExitThree() throws Exception {
        // the test runs as some user: an owner of another uid and no root principal leave it out
        int other = (Integer) Files.getAttribute(dir, "unix:uid") + 4242;
        listen(limits(4, Duration.ofSeconds(10), 1024), new PeerCheck(PeerCheckTest.user(other), null), echo);
        List<String> frames = answer(send("{\"argv\":[\"hello\"]}\n"));
        assertThat(frames.get(0)).startsWith("2:nexcage: this daemon's socket is not yours to use: the daemon serves only uid " + other);
        assertThat(frames.get(1)).isEqualTo("x:3");
        assertThat(served).isEmpty();
    }

    @Test
    void aFailingCommandGetsAnInternalErrorFrameAndTheLogTheStackTrace() throws Exception {
        listen(limits(4, Duration.ofSeconds(10), 1024), PeerCheck.forSocket(dir), (ch, frames, req, in, caller) -> {
            throw new IllegalStateException("a defect");
        });
        assertThat(answer(send("{\"argv\":[\"x\"]}\n"))).containsExactly(
                "2:nexcage: internal error in the daemon (IllegalStateException); see its log in the state directory\n", "x:1");
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("internal error serving a client").contains("at nexcage.core");
    }

    @Test
    void aPluginClassMissingWhileServingGetsAnInternalErrorFrameNotADroppedConnection() throws Exception {
        listen(limits(4, Duration.ofSeconds(10), 1024), PeerCheck.forSocket(dir), (ch, frames, req, in, caller) -> {
            throw new NoClassDefFoundError("nexcage/backend/support/KeptAnswer");
        });
        assertThat(answer(send("{\"argv\":[\"backend\",\"list\"]}\n"))).containsExactly(
                "2:nexcage: internal error in the daemon (NoClassDefFoundError); see its log in the state directory\n", "x:1");
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("nexcage/backend/support/KeptAnswer");
    }

    @Test
    void whatFollowsAShellRequestInTheSameWriteIsTheShellsInput() throws Exception {
        listen(limits(4, Duration.ofSeconds(10), 1024));
        assertThat(answer(send("{\"argv\":[\"shell\"],\"mode\":\"shell\"}\nlb -s\n"))).containsExactly("1:lb -s", "x:0");
    }
}
