package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.transport.DockerHttpClient.Response;

import nexcage.api.backend.BackendException.Reason;

/** The parts of the hot path that need no engine: the output's frames and the answers' statuses. */
class EngineHttpTest {

    static byte[] frame(int stream, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[8 + payload.length];
        f[0] = (byte) stream;
        f[4] = (byte) (payload.length >>> 24);
        f[5] = (byte) (payload.length >>> 16);
        f[6] = (byte) (payload.length >>> 8);
        f[7] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 8, payload.length);
        return f;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }

    @Test
    void framesGoToTheirStreamsWhateverTheirSize() {
        String big = "x".repeat(20_000); // larger than the copy buffer
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        IOException failed = EngineHttp.copyFrames(new ByteArrayInputStream(concat(frame(1, "hello\n"), frame(2, "oops\n"),
                frame(1, big), frame(1, ""))), out, err);
        assertThat(failed).isNull();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello\n" + big);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("oops\n");
    }

    @Test
    void aTtyStreamIsCopiedAsItIs() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EngineHttp.copyFrames(new ByteArrayInputStream("$ ls\r\nbin\r\n".getBytes(StandardCharsets.UTF_8)), out, OutputStream.nullOutputStream());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("$ ls\r\nbin\r\n");
    }

    @Test
    void anOutputCutOffMidFrameEndsWithoutError() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] whole = concat(frame(1, "one\n"), frame(1, "two\n"));
        for (int cut : new int[] {whole.length - 2, 12 + 3}) {
            out.reset();
            byte[] part = java.util.Arrays.copyOf(whole, cut);
            assertThat(EngineHttp.copyFrames(new ByteArrayInputStream(part), out, OutputStream.nullOutputStream())).isNull();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("one\n");
        }
    }

    @Test
    void aReaderThatWentAwayStopsTheCopyAndIsReturned() {
        IOException gone = new IOException("Broken pipe");
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw gone;
            }
        };
        int[] read = {0};
        InputStream endless = new InputStream() {
            final byte[] f = frame(1, "again\n");

            @Override
            public int read() {
                return f[read[0]++ % f.length] & 0xff;
            }
        };
        assertThat(EngineHttp.copyFrames(endless, closed, closed)).isSameAs(gone);
        assertThat(read[0]).as("bytes read after the reader left").isLessThan(100);
    }

    @Test
    void aBrokenEngineConnectionIsThrown() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Connection reset by peer");
            }
        };
        assertThatThrownBy(() -> EngineHttp.copyFrames(broken, OutputStream.nullOutputStream(), OutputStream.nullOutputStream()))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("reset");
    }

    record Answer(int status, String body) implements Response {
        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return Map.of();
        }

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aStreamWhoseAnswerNeverComesEndsAfterTheTimeoutAndItsLateAnswerIsClosed() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            EngineHttp http = new EngineHttp(null, null, new ObjectMapper(), "1.41", pool, Duration.ofMillis(200));
            CountDownLatch engineAnswers = new CountDownLatch(1);
            CountDownLatch closed = new CountDownLatch(1);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> http.answered(() -> {
                try {
                    engineAnswers.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new ClosingAnswer(closed);
            })).isInstanceOf(TimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            engineAnswers.countDown();
            assertThat(closed.await(10, TimeUnit.SECONDS)).as("the late answer was closed").isTrue();

            // an answer in time is handed over; a failed call's exception comes through as it is
            Answer ok = new Answer(200, "{}");
            assertThat(http.answered(() -> ok)).isSameAs(ok);
            assertThatThrownBy(() -> http.answered(() -> {
                throw new NotFoundException("{\"message\":\"No such container: x\"}");
            })).isInstanceOf(NotFoundException.class).hasMessageContaining("No such container: x");
        } finally {
            pool.shutdownNow();
        }
    }

    /** An answer that says when it is closed. */
    record ClosingAnswer(CountDownLatch closed) implements Response {
        @Override
        public int getStatusCode() {
            return 200;
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return Map.of();
        }

        @Override
        public InputStream getBody() {
            return InputStream.nullInputStream();
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void failedAnswersBecomeDockerJavasExceptionsWithTheEnginesMessage() {
        Answer ok = new Answer(204, "");
        assertThat(EngineHttp.checked(ok)).isSameAs(ok);
        assertThatThrownBy(() -> EngineHttp.checked(new Answer(304, ""))).isInstanceOf(NotModifiedException.class);
        assertThatThrownBy(() -> EngineHttp.checked(new Answer(404, "{\"message\":\"No such container: web1\"}")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.getHttpStatus()).isEqualTo(404);
                    assertThat(Failures.engineMessage(e)).isEqualTo("No such container: web1");
                });
        assertThatThrownBy(() -> EngineHttp.checked(new Answer(409, "{\"message\":\"Conflict. The container name \\\"/web1\\\" is already in use\"}")))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(Failures.map(Failures.Op.CREATE, "web1", "img", e).reason()).isEqualTo(Reason.NAME_IN_USE));
        // Podman answers 500 where Docker answers 409: the message decides
        assertThatThrownBy(() -> EngineHttp.checked(new Answer(500, "{\"message\":\"container name web1 is in use\"}")))
                .isInstanceOfSatisfying(InternalServerErrorException.class,
                        e -> assertThat(Failures.map(Failures.Op.CREATE, "web1", "img", e).reason()).isEqualTo(Reason.NAME_IN_USE));
        assertThatThrownBy(() -> EngineHttp.checked(new Answer(418, "teapot")))
                .isInstanceOfSatisfying(DockerException.class, e -> assertThat(e.getHttpStatus()).isEqualTo(418));
    }
}
