package nexcage.core.internal.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.core.internal.command.ClientSignals;
import nexcage.core.internal.daemon.DaemonLog;

/** Signal forwarding on a real Unix socket, the client played by the test. */
class ClientSignalReaderTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CountDownLatch readerEnded = new CountDownLatch(1);
    private SocketChannel daemonSide;
    private SocketChannel clientSide;
    private Frames frames;
    private ClientSignalReader reader;

    @BeforeEach
    void connect(@TempDir Path dir) throws IOException {
        UnixPair pair = UnixPair.open(dir);
        clientSide = pair.client();
        daemonSide = pair.daemon();
        frames = new Frames(Channels.newOutputStream(daemonSide));
        reader = new ClientSignalReader(daemonSide, frames, task -> pool.execute(() -> {
            task.run();
            readerEnded.countDown();
        }),
                new DaemonLog(DaemonLog.Level.DEBUG, new PrintStream(logged, true, StandardCharsets.UTF_8)));
    }

    @AfterEach
    void close() throws IOException {
        daemonSide.close();
        clientSide.close();
        pool.shutdownNow();
    }

    private void clientSends(String text) throws IOException {
        clientSide.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    /** One frame as the client reads it: type and payload. */
    private String clientReadsFrame() throws IOException {
        DataInputStream in = new DataInputStream(Channels.newInputStream(clientSide));
        char type = (char) in.readByte();
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return type + ":" + new String(payload, StandardCharsets.UTF_8);
    }

    @Test
    void theClientIsAskedWithTheFarewellAndItsSignalsReachTheHandler() throws Exception {
        reader.forward("stopped waiting for web1", received::add);
        assertThat(clientReadsFrame()).isEqualTo("s:stopped waiting for web1");
        clientSends("INT\nTE");
        clientSends("RM\nHUP\n");
        assertThat(List.of(next(), next(), next())).containsExactly("INT", "TERM", "HUP");
    }

    @Test
    void namesOutsideTheForwardedSetAndOverlongLinesAreDropped() throws Exception {
        reader.forward("bye", received::add);
        clientSends("KILL\nSTOP\n" + "INT".repeat(20) + "\nint\nUSR2\n");
        assertThat(next()).isEqualTo("USR2");
        assertThat(received).isEmpty();
    }

    @Test
    void afterTheForwardingIsClosedSignalsAreDropped() throws Exception {
        ClientSignals.Forwarding f = reader.forward("bye", received::add);
        clientSends("INT\n");
        assertThat(next()).isEqualTo("INT");
        f.close();
        clientSends("INT\nTERM\n");
        clientSide.close();
        assertThat(readerEnded.await(10, TimeUnit.SECONDS)).as("the reader ends with the connection").isTrue();
        assertThat(received).isEmpty();
    }

    @Test
    void theAnswerIsWrittenWhileTheReaderWaitsForSignals() throws Exception {
        reader.forward("bye", received::add);
        clientReadsFrame();
        // the trap of Java 17: a blocking read through Channels.newInputStream holds the lock that writes need
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
            try {
                byte[] b = "hi\n".getBytes(StandardCharsets.UTF_8);
                frames.write(Frames.STDOUT, b, 0, b.length);
                frames.exit(0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, pool);
        written.get(10, TimeUnit.SECONDS);
        assertThat(clientReadsFrame()).isEqualTo("1:hi\n");
        assertThat(clientReadsFrame()).isEqualTo("x:0");
    }

    @Test
    void aHandlerThatThrowsIsLoggedAndTheNextSignalStillArrives() throws Exception {
        reader.forward("bye", name -> {
            if (name.equals("INT")) {
                throw new IllegalStateException("engine gone");
            }
            received.add(name);
        });
        clientSends("INT\nTERM\n");
        assertThat(next()).isEqualTo("TERM");
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("SIGINT").contains("engine gone");
    }

    @Test
    void aClientThatHasGoneAwayGetsNothingAndTheCommandGoesOn() throws Exception {
        clientSide.close();
        ClientSignals.Forwarding f = null;
        // the first write may still land in the socket buffer; the next one sees the closed peer
        for (int i = 0; i < 3; i++) {
            f = reader.forward("bye", received::add);
        }
        f.close();
        assertThat(received).isEmpty();
        assertThat(reader.hungUp()).as("a write to it failed").isTrue();
    }

    @Test
    void aClientThatHangsUpRunsTheHangUpActionOnce() throws Exception {
        CountDownLatch hungUp = new CountDownLatch(1);
        reader.onHangUp(() -> {
            received.add("hang-up");
            hungUp.countDown();
        });
        clientSends("INT\n"); // nobody forwards: dropped
        assertThat(reader.hungUp()).isFalse();
        clientSide.close();
        assertThat(hungUp.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(readerEnded.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(received).containsExactly("hang-up");
        assertThat(reader.hungUp()).isTrue();
    }

    @Test
    void aHangUpAfterTheWatchWasClosedRunsNothing() throws Exception {
        ClientSignals.Forwarding watch = reader.onHangUp(() -> received.add("hang-up"));
        watch.close();
        clientSide.close();
        assertThat(readerEnded.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(received).isEmpty();
    }

    @Test
    void theDaemonClosingTheConnectionIsNoHangUpOnceTheCommandHasEnded() throws Exception {
        ClientSignals.Forwarding watch = reader.onHangUp(() -> received.add("hang-up"));
        watch.close(); // the command ended
        daemonSide.close(); // then serve() closes the connection
        assertThat(readerEnded.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(received).isEmpty();
        assertThat(reader.hungUp()).isFalse();
    }

    private String next() throws InterruptedException {
        String s = received.poll(10, TimeUnit.SECONDS);
        assertThat(s).as("a signal within 10 s").isNotNull();
        return s;
    }
}
