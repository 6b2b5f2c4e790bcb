package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;

import nexcage.backend.docker.EngineHttpTest.Answer;

/** The requests of an attached run --rm, on a scripted engine: what is asked, in which order, and what is answered. */
class AttachedRunTest {

    @Test
    @Timeout(30)
    void theAttachAndBothWaitsAreAskedAtOnceBeforeTheStart() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        List<String> asked = new CopyOnWriteArrayList<>();
        // the engine answers the attach only once both waits have reached it: asked one after the other, the
        // attach's answer would never come (the run would fail after the answer timeout)
        CountDownLatch bothWaits = new CountDownLatch(2);
        DockerHttpClient streams = new Scripted(r -> {
            asked.add(r.method() + " " + r.path());
            if (r.path().contains("/attach")) {
                bothWaits.await(10, TimeUnit.SECONDS);
                return bothWaits.getCount() == 0 ? new BytesAnswer(EngineHttpTest.frame(1, "hi\n")) : new Answer(500, "{}");
            }
            bothWaits.countDown();
            return new Answer(200, r.path().endsWith("next-exit") ? "{\"StatusCode\":3}" : "{\"StatusCode\":0}");
        });
        DockerHttpClient calls = new Scripted(r -> {
            asked.add(r.method() + " " + r.path());
            return new Answer(204, "");
        });
        try {
            EngineHttp http = new EngineHttp(calls, streams, new ObjectMapper(), "1.41", pool, Duration.ofSeconds(5));
            EngineConnection c = new EngineConnection(null, null, http, "20.10", "1.41");
            AttachedRun run = new AttachedRun();
            run.created("web1", true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean[] started = {false};

            int code = run.run(c, "web1", out, new ByteArrayOutputStream(), () -> started[0] = true);

            assertThat(code).as("the next exit's code, not the removal's").isEqualTo(3);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hi\n");
            assertThat(started[0]).isTrue();
            assertThat(asked).hasSize(4).endsWith("POST /v1.41/containers/web1/start").containsExactlyInAnyOrder(
                    "POST /v1.41/containers/web1/attach?stream=1&stdout=1&stderr=1",
                    "POST /v1.41/containers/web1/wait?condition=next-exit",
                    "POST /v1.41/containers/web1/wait?condition=removed", "POST /v1.41/containers/web1/start");
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    interface Script {
        Response answer(Request r) throws InterruptedException;
    }

    /** An engine that answers each request as its script says. */
    record Scripted(Script script) implements DockerHttpClient {
        @Override
        public Response execute(Request request) {
            try {
                return script.answer(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
        }
    }

    /** A 200 answer with a binary body (the attach's frames). */
    record BytesAnswer(byte[] body) implements Response {
        @Override
        public int getStatusCode() {
            return 200;
        }

        @Override
        public java.util.Map<String, List<String>> getHeaders() {
            return java.util.Map.of();
        }

        @Override
        public java.io.InputStream getBody() {
            return new java.io.ByteArrayInputStream(body);
        }

        @Override
        public void close() {
        }
    }
}
