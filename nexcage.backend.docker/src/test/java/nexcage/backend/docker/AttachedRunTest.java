package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
    void onAnotherEngineTheAttachAndTheNextExitAreAskedAtOnceBeforeTheStartAndTheRemovalAfterIt() throws Exception {
        Ran ran = runRm(false, "next-exit", Map.of("next-exit", "{\"StatusCode\":3}", "removed", "{\"StatusCode\":0}"));

        assertThat(ran.code).as("the next exit's code, not the removal's").isEqualTo(3);
        assertThat(ran.asked).hasSize(4);
        assertThat(ran.asked.subList(0, 2)).containsExactlyInAnyOrder("POST /v1.41/containers/web1/attach?stream=1&stdout=1&stderr=1",
                "POST /v1.41/containers/web1/wait?condition=next-exit");
        assertThat(ran.asked.subList(2, 4)).containsExactly("POST /v1.41/containers/web1/start",
                "POST /v1.41/containers/web1/wait?condition=removed");
    }

    @Test
    @Timeout(30)
    void onDockerTheAttachAndTheWaitForTheRemovalAreAskedAtOnceBeforeTheStartAndTheRemovalsCodeIsTheExit() throws Exception {
        Ran ran = runRm(true, "removed", Map.of("removed", "{\"Error\":null,\"StatusCode\":137}", "next-exit", "{\"StatusCode\":5}"));

        assertThat(ran.code).as("the removal's code (a container killed by SIGKILL, as Docker 20.10 answers it)").isEqualTo(137);
        assertThat(ran.asked).as("no wait for the next exit").hasSize(3);
        assertThat(ran.asked.subList(0, 2)).containsExactlyInAnyOrder("POST /v1.41/containers/web1/attach?stream=1&stdout=1&stderr=1",
                "POST /v1.41/containers/web1/wait?condition=removed");
        assertThat(ran.asked.get(2)).isEqualTo("POST /v1.41/containers/web1/start");
    }

    /** What an attached run --rm of web1 asked, in order, and returned. */
    record Ran(int code, List<String> asked) {
    }

    /**
     * An attached run --rm of web1 on Docker's own engine or another one, whose engine answers the attach only once
     * the wait for {@code first} has reached it (asked one after the other, or that wait only after the start, the
     * attach's answer would never come); each wait is answered as {@code waits} says. Checks what every such run must
     * do: the output copied, the started callback run, the return only once the removal's answer was read.
     */
    private static Ran runRm(boolean docker, String first, Map<String, String> waits) throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        List<String> asked = new CopyOnWriteArrayList<>();
        CountDownLatch firstArrived = new CountDownLatch(1);
        AtomicBoolean removalRead = new AtomicBoolean();
        DockerHttpClient streams = new Scripted(r -> {
            asked.add(r.method() + " " + r.path());
            if (r.path().contains("/attach")) {
                firstArrived.await(10, TimeUnit.SECONDS);
                return firstArrived.getCount() == 0 ? new BytesAnswer(EngineHttpTest.frame(1, "hi\n")) : new Answer(500, "{}");
            }
            String condition = r.path().substring(r.path().indexOf("condition=") + "condition=".length());
            if (condition.equals(first)) {
                firstArrived.countDown();
            }
            return new BytesAnswer(waits.get(condition).getBytes(StandardCharsets.UTF_8),
                    condition.equals("removed") ? removalRead : new AtomicBoolean());
        });
        DockerHttpClient calls = new Scripted(r -> {
            asked.add(r.method() + " " + r.path());
            return new Answer(204, "");
        });
        try {
            EngineHttp http = new EngineHttp(calls, streams, new ObjectMapper(), "1.41", pool, Duration.ofSeconds(5));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean[] started = {false};

            int code = runWebOne(http, docker, out, () -> started[0] = true);

            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hi\n");
            assertThat(started[0]).isTrue();
            assertThat(removalRead).as("the run returns once the removal was answered (the name is free then)").isTrue();
            return new Ran(code, asked);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(30)
    void onAnotherEngineAContainerRemovedBeforeTheWaitForItsRemovalArrivesKeepsItsExitCode() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        DockerHttpClient streams = new Scripted(r -> r.path().contains("/attach") ? new BytesAnswer(EngineHttpTest.frame(1, "hi\n"))
                : r.path().endsWith("next-exit") ? new Answer(200, "{\"StatusCode\":7}")
                : new Answer(404, "{\"message\":\"No such container: web1\"}"));
        DockerHttpClient calls = new Scripted(r -> new Answer(204, ""));
        try {
            EngineHttp http = new EngineHttp(calls, streams, new ObjectMapper(), "1.41", pool, Duration.ofSeconds(5));

            assertThat(runWebOne(http, false, new ByteArrayOutputStream(), () -> { })).isEqualTo(7);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(30)
    void onDockerAContainerNotAutoRemovedIsAttachedAloneAndItsExitIsAskedAfterTheOutput() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        List<String> asked = new CopyOnWriteArrayList<>();
        DockerHttpClient streams = new Scripted(r -> {
            asked.add(r.method() + " " + r.path());
            return r.path().contains("/attach") ? new BytesAnswer(EngineHttpTest.frame(1, "hi\n"))
                    : new Answer(200, "{\"StatusCode\":4}");
        });
        DockerHttpClient calls = new Scripted(r -> {
            asked.add(r.method() + " " + r.path());
            return new Answer(204, "");
        });
        try {
            EngineHttp http = new EngineHttp(calls, streams, new ObjectMapper(), "1.41", pool, Duration.ofSeconds(5));
            AttachedRun run = new AttachedRun();
            run.created("web1", false);

            int code = run.run(new EngineConnection(null, null, http, "20.10", "1.41", true), "web1", new ByteArrayOutputStream(),
                    new ByteArrayOutputStream(), () -> { });

            assertThat(code).isEqualTo(4);
            assertThat(asked).containsExactly("POST /v1.41/containers/web1/attach?stream=1&stdout=1&stderr=1",
                    "POST /v1.41/containers/web1/start", "POST /v1.41/containers/web1/wait?condition=not-running");
        } finally {
            pool.shutdownNow();
        }
    }

    /** An attached run of web1, just created with auto-remove by this backend, on Docker's own engine or another one. */
    private static int runWebOne(EngineHttp http, boolean docker, ByteArrayOutputStream out, Runnable started) throws Exception {
        EngineConnection c = new EngineConnection(null, null, http, "20.10", "1.41", docker);
        AttachedRun run = new AttachedRun();
        run.created("web1", true);
        return run.run(c, "web1", out, new ByteArrayOutputStream(), started);
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

    /** A 200 answer with a binary body (the attach's frames, a wait's answer) that says when it was read to its end. */
    record BytesAnswer(byte[] body, AtomicBoolean read) implements Response {
        BytesAnswer(byte[] body) {
            this(body, new AtomicBoolean());
        }

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
            return new java.io.ByteArrayInputStream(body) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    int n = super.read(b, off, len);
                    read.compareAndSet(false, pos == count);
                    return n;
                }
            };
        }

        @Override
        public void close() {
        }
    }
}
