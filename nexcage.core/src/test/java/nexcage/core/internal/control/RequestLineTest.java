package nexcage.core.internal.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request line read on the accepting thread: no selector when the line is there, a bounded wait when not. */
class RequestLineTest {
    private static final ControlLimits LIMITS = new ControlLimits(4, Duration.ofSeconds(10), 1024);

    @TempDir
    Path dir;

    private UnixPair pair;
    private SocketChannel client;
    private SocketChannel served;
    private final AtomicInteger selectorsOpened = new AtomicInteger();
    private final RequestLine.Waiter counting = () -> {
        selectorsOpened.incrementAndGet();
        return Selector.open();
    };

    @BeforeEach
    void connect() throws IOException {
        pair = UnixPair.open(dir);
        client = pair.client();
        served = pair.daemon();
    }

    @AfterEach
    void close() throws IOException {
        pair.close();
    }

    private void write(String text) throws IOException {
        client.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aLineAlreadyInTheSocketIsReadWithoutWaitingAndTheChannelIsLeftBlocking() throws Exception {
        // a Unix socket's write is in the peer's receive queue when it returns
        write("{\"argv\":[\"version\"]}\nrest");
        RequestLine line = RequestLine.read(served, LIMITS, counting);
        assertThat(new String(line.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"argv\":[\"version\"]}");
        assertThat(new String(line.rest(), StandardCharsets.UTF_8)).isEqualTo("rest");
        assertThat(selectorsOpened).hasValue(0);
        assertThat(served.isBlocking()).isTrue();
    }

    @Test
    void aLineThatArrivesLaterIsAwaitedAndTheChannelIsLeftBlocking() throws Exception {
        write("{\"argv\":");
        CompletableFuture<RequestLine> read = CompletableFuture.supplyAsync(() -> {
            try {
                return RequestLine.read(served, LIMITS, counting);
            } catch (IOException | RequestRefused e) {
                throw new IllegalStateException(e);
            }
        });
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (selectorsOpened.get() == 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        write("[\"ps\"]}\n");
        assertThat(new String(read.get(10, TimeUnit.SECONDS).bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"argv\":[\"ps\"]}");
        assertThat(selectorsOpened).hasValue(1);
        assertThat(served.isBlocking()).isTrue();
    }

    @Test
    void aLineUnfinishedAtTheDeadlineIsRefusedNotBeforeIt() throws Exception {
        write("{\"argv\":[\"version\"]");
        long start = System.nanoTime();
        assertThatThrownBy(() -> RequestLine.read(served, new ControlLimits(4, Duration.ofMillis(200), 1024), counting))
                .isInstanceOf(RequestRefused.class)
                .hasMessage("no complete request line arrived within 200 ms of connecting, so the daemon hung up; "
                        + "use the nexcage client, which sends it at once");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(served.isBlocking()).as("blocking again, for the refusal").isTrue();
    }

    @Test
    void aClientThatHangsUpWithoutAByteGivesNull() throws Exception {
        client.close();
        assertThat(RequestLine.read(served, LIMITS, counting)).isNull();
    }
}
