package nexcage.backend.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.channels.AsynchronousCloseException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotAcceptableException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;

/**
 * The requests of {@code nexcage run} (create, start, attach, wait, remove) made on docker-java's
 * HTTP transport without its command layer. bench/backend measured that layer (command objects,
 * a new thread and a callback per stream, a JSON iterator per wait) at 25-100 us per request on
 * top of the transport, and the backend 1-3% faster per {@code echo hi} run without it. The transport,
 * Jackson and docker-java's exceptions stay; a failed call throws exactly the exception docker-java's
 * command layer throws for that HTTP status (message and status alike), so {@link Failures}
 * maps both paths the same way. On the engine's Unix socket a stream's request (attach, wait) skips
 * the transport too: the calling thread writes it and reads its head itself ({@link EngineStream}),
 * so the requests of a run go out at once with no pool thread to hand them to and back.
 */
final class EngineHttp {

    /**
     * How long the head of a stream's answer may take. The engine sends it at once for attach and
     * wait; a stream has no read timeout (output may be silent for hours), so without this bound an
     * engine that accepts the request and never answers would hold the caller for good.
     */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final DockerHttpClient calls;
    private final DockerHttpClient streams;
    private final ObjectMapper mapper;
    private final String prefix;
    private final Executor heads;
    private final Duration answerTimeout;
    /** The engine's Unix socket, where a stream's request is sent by the caller itself ({@link EngineStream}); null: on {@code streams}. */
    private final Path socket;
    /** The streams on {@code socket} not closed yet: {@link #close()} ends them, as closing {@code streams} ends its own. */
    private final Set<EngineStream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param calls   the client with a response timeout, for calls that answer at once
     * @param streams the client without one, for attach and wait
     * @param apiVersion the pinned API version, e.g. {@code 1.41}
     * @param heads   where a stream's request waits for its head while the caller waits at most {@code answerTimeout}
     */
    EngineHttp(DockerHttpClient calls, DockerHttpClient streams, ObjectMapper mapper, String apiVersion, Executor heads,
            Duration answerTimeout) {
        this(calls, streams, mapper, apiVersion, heads, answerTimeout, null);
    }

    /** @param socket the engine's Unix socket, on which streams are asked by the calling thread; null: on {@code streams} */
    EngineHttp(DockerHttpClient calls, DockerHttpClient streams, ObjectMapper mapper, String apiVersion, Executor heads,
            Duration answerTimeout, Path socket) {
        this.calls = calls;
        this.streams = streams;
        this.mapper = mapper;
        this.prefix = "/v" + apiVersion;
        this.heads = heads;
        this.answerTimeout = answerTimeout;
        this.socket = socket;
    }

    /** A stream's request on its way: its answer's head is awaited (bounded) by {@link #answer()}. */
    interface Pending extends AutoCloseable {
        /** The answer, once its head has come; at most the answer timeout. A failed call throws what docker-java throws. */
        Response answer() throws TimeoutException, InterruptedException;

        /** Closes the answer, also one that comes only after this. */
        @Override
        void close();
    }

    /** {@code POST /containers/create?name=NAME}: the new container's engine id. */
    String create(String name, Map<String, Object> config) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(config);
        } catch (IOException e) {
            throw new IllegalArgumentException("the container's configuration cannot be written as JSON: " + e.getMessage(), e);
        }
        Request r = Request.builder().method(Request.Method.POST).path(prefix + "/containers/create?name=" + encode(name))
                .putHeader("content-type", "application/json").bodyBytes(body).build();
        try (Response answer = checked(calls.execute(r))) {
            JsonNode created = mapper.readTree(answer.getBody());
            JsonNode id = created == null ? null : created.get("Id");
            if (id == null || !id.isTextual()) {
                throw new DockerException("the engine created " + name + " but did not say its id: " + created, 201);
            }
            return id.asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code POST /containers/REF/start}; a container running already answers {@link NotModifiedException}. */
    void start(String ref) {
        checked(calls.execute(post("/containers/" + encode(ref) + "/start"))).close();
    }

    /** {@code DELETE /containers/REF?force=...}. */
    void remove(String ref, boolean force) {
        Request r = Request.builder().method(Request.Method.DELETE)
                .path(prefix + "/containers/" + encode(ref) + (force ? "?force=true" : "")).build();
        checked(calls.execute(r)).close();
    }

    /**
     * {@code POST /containers/REF/attach} for stdout and stderr: returns once the engine answered,
     * so no output the container writes later is lost; its body is the multiplexed output.
     */
    Response attach(String ref) throws TimeoutException, InterruptedException {
        return askAttach(ref).answer();
    }

    /** Sends {@link #attach(String)}'s request now: its answer comes later, see {@link Pending#answer()}. */
    Pending askAttach(String ref) {
        return ask("/containers/" + encode(ref) + "/attach?stream=1&stdout=1&stderr=1");
    }

    /**
     * Sends {@code POST path} for a stream. On the engine's Unix socket the calling thread writes it and
     * later reads the head itself; otherwise (TCP, TLS) the request is made on another thread, whose
     * answer the caller awaits, bounded alike.
     */
    private Pending ask(String path) {
        if (socket != null) {
            EngineStream s = EngineStream.post(socket, prefix + path, open);
            if (closed) { // dropped (or the backend stopped) while this one was asked: it ends as the others did
                s.close();
                throw new UncheckedIOException(new AsynchronousCloseException());
            }
            return new Pending() {
                @Override
                public Response answer() throws TimeoutException, InterruptedException {
                    s.awaitHead(answerTimeout);
                    // an engine may switch protocols for an attach (101, as when asked for an upgrade): the stream follows
                    return s.getStatusCode() == 101 ? s : checked(s);
                }

                @Override
                public void close() {
                    s.close();
                }
            };
        }
        Request r = post(path);
        CompletableFuture<Response> head = CompletableFuture.supplyAsync(() -> checked(streams.execute(r)), heads);
        return new Pending() {
            @Override
            public Response answer() throws TimeoutException, InterruptedException {
                return answered(head);
            }

            @Override
            public void close() {
                head.whenComplete((answer, failed) -> {
                    if (answer != null) {
                        answer.close();
                    }
                });
            }
        };
    }

    /**
     * {@code POST /containers/REF/wait?condition=...}: returns once the engine answered with its head
     * (the wait is in place); {@link #exitCode(Response)} reads the answer.
     */
    Response waitFor(String ref, String condition) throws TimeoutException, InterruptedException {
        return askWait(ref, condition).answer();
    }

    /** Sends {@link #waitFor(String, String)}'s request now; see {@link Pending#answer()}. */
    Pending askWait(String ref, String condition) {
        return ask("/containers/" + encode(ref) + "/wait?condition=" + condition);
    }

    /**
     * The answer of {@code request}, made on another thread, once its head has come; at most
     * {@link #ANSWER_TIMEOUT}. A failed call's exception is thrown as it is; an answer that comes
     * after the timeout is closed then.
     */
    Response answered(Supplier<Response> request) throws TimeoutException, InterruptedException {
        return answered(CompletableFuture.supplyAsync(request, heads));
    }

    /**
     * The answer of a request sent with {@code ask...}, once its head has come: as {@link
     * #answered(Supplier)}, so several requests can be on their way at once.
     */
    Response answered(CompletableFuture<Response> head) throws TimeoutException, InterruptedException {
        try {
            return head.get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException gaveUp) {
            head.thenAccept(Response::close);
            throw gaveUp;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failed) {
                throw failed;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    Duration answerTimeout() {
        return answerTimeout;
    }

    /** Ends the streams asked on the engine's socket and refuses new ones (the connection is dropped or the backend stopped). */
    void close() {
        closed = true;
        for (EngineStream s : List.copyOf(open)) {
            s.close();
        }
    }

    /** The {@code StatusCode} a wait answered with (its body is read to the end), or null when it answered none. */
    Integer exitCode(Response waited) {
        try {
            JsonNode answer = mapper.readTree(waited.getBody());
            JsonNode code = answer == null ? null : answer.get("StatusCode");
            return code == null || !code.canConvertToInt() ? null : code.intValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies Docker's multiplexed stream (8-byte frame heads: stream, 0, 0, 0, big-endian size) to
     * {@code out} (stdout) and {@code err} (stderr) until it ends; a container with a TTY sends one
     * raw stream instead, copied to {@code out}. Returns the failure of writing (the reader went
     * away) or null; a failure of reading (the engine went away) is thrown.
     */
    static IOException copyFrames(InputStream in, OutputStream out, OutputStream err) {
        byte[] head = new byte[8];
        byte[] buf = new byte[8192];
        try {
            while (true) {
                int got = in.readNBytes(head, 0, 8);
                if (got == 0) {
                    return null;
                }
                int stream = head[0];
                if (stream < 0 || stream > 2 || (got == 8 && (head[1] != 0 || head[2] != 0 || head[3] != 0))) {
                    return copyRaw(head, got, in, out, buf);
                }
                if (got < 8) {
                    return null; // cut off inside a frame head: the engine went away at the end
                }
                int size = ((head[4] & 0xff) << 24) | ((head[5] & 0xff) << 16) | ((head[6] & 0xff) << 8) | (head[7] & 0xff);
                OutputStream target = stream == 2 ? err : out;
                while (size > 0) {
                    int n = in.read(buf, 0, Math.min(buf.length, size));
                    if (n < 0) {
                        return null;
                    }
                    size -= n;
                    IOException failed = write(target, buf, 0, n);
                    if (failed != null) {
                        return failed;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static IOException copyRaw(byte[] first, int length, InputStream in, OutputStream out, byte[] buf) throws IOException {
        IOException failed = write(out, first, 0, length);
        for (int n; failed == null && (n = in.read(buf)) >= 0; ) {
            failed = write(out, buf, 0, n);
        }
        return failed;
    }

    /** Writes and flushes (a person watches an attached run's output as it comes); returns the failure, if any. */
    private static IOException write(OutputStream target, byte[] b, int off, int len) {
        if (target == null) {
            return null;
        }
        try {
            target.write(b, off, len);
            target.flush();
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private Request post(String path) {
        return Request.builder().method(Request.Method.POST).path(prefix + path).build();
    }

    /** What docker-java's command layer throws for a non-2xx answer, with the engine's body as the message. */
    static Response checked(Response r) {
        int status = r.getStatusCode();
        if (status >= 200 && status <= 299) {
            return r;
        }
        String body;
        try (r) {
            body = new String(r.getBody().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            body = "(the engine's answer could not be read: " + e.getMessage() + ")";
        }
        throw switch (status) {
            case 304 -> new NotModifiedException(body);
            case 400 -> new BadRequestException(body);
            case 401 -> new UnauthorizedException(body);
            case 404 -> new NotFoundException(body);
            case 406 -> new NotAcceptableException(body);
            case 409 -> new ConflictException(body);
            case 500 -> new InternalServerErrorException(body);
            default -> new DockerException(body, status);
        };
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
