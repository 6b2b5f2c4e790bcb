package nexcage.sandbox.child.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nexcage.api.CapabilityDeniedException;
import nexcage.testkit.ConnectedSockets;

class LinkTest {
    /** Released after each case: what a handler that must not answer waits for. */
    private final CountDownLatch release = new CountDownLatch(1);
    private ConnectedSockets sockets;
    private Link a;
    private Link b;

    @BeforeEach
    void connect() throws Exception {
        sockets = ConnectedSockets.open("linktest");
        a = new Link(sockets.accepted(), "side b");
        b = new Link(sockets.connected(), "side a");
    }

    @AfterEach
    void close() throws IOException {
        release.countDown();
        a.close();
        b.close();
        sockets.close();
    }

    @Test
    void aCallMayCallBackBeforeItAnswers() throws Exception {
        // a's handler calls b back while b's call to a waits for its answer
        a.start((object, method, args) -> "outer(" + a.call(0, "inner", List.of(args.get(0)), 5_000) + ")");
        b.start((object, method, args) -> "inner " + args.get(0));
        assertThat(b.call(0, "outer", List.of("x"), 5_000)).isEqualTo("outer(inner x)");
    }

    @Test
    void anExceptionCrossesAsTheApisOwn() {
        a.start((object, method, args) -> {
            throw new CapabilityDeniedException("p", "container_list", "containers.list");
        });
        b.start((object, method, args) -> null);
        assertThatThrownBy(() -> b.call(0, "any", List.of(), 5_000)).isInstanceOf(CapabilityDeniedException.class)
                .hasMessageContaining("container_list");
    }

    @Test
    void writesToASinkArriveInOrderBeforeTheCallsAnswer() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        long h = b.openSink(sink);
        a.start((object, method, args) -> {
            OutputStream out = a.remoteStream((Long) args.get(0));
            for (int i = 0; i < 100; i++) {
                out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return "done";
        });
        b.start((object, method, args) -> null);
        assertThat(b.call(0, "print", List.of(h), 5_000)).isEqualTo("done");
        String text = sink.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("line 0\nline 1\n").endsWith("line 99\n");
        assertThat(text.lines()).hasSize(100);
    }

    @Test
    void aCallThatDoesNotAnswerInTimeSaysWhichAndWhere() {
        a.start((object, method, args) -> {
            release.await();
            return null;
        });
        b.start((object, method, args) -> null);
        assertThatThrownBy(() -> b.call(0, "slow", List.of(), 100)).isInstanceOf(TimeoutException.class)
                .hasMessage("slow in side a did not answer within 100 ms");
    }

    @Test
    void whenOneSideGoesWaitingCallsFailAndTheOtherHears() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch heard = new CountDownLatch(1);
        CountDownLatch failed = new CountDownLatch(1);
        a.start((object, method, args) -> {
            entered.countDown();
            release.await();
            return null;
        });
        b.start((object, method, args) -> null);
        b.onClosed(heard::countDown);
        Thread caller = new Thread(() -> {
            try {
                b.call(0, "hang", List.of(), 10_000);
            } catch (Exception e) {
                if (e instanceof IOException && e.getMessage().startsWith("side a is gone")) {
                    failed.countDown();
                }
            }
        });
        caller.start();
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        a.close();
        assertThat(heard.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(b.alive()).isFalse();
    }
}
