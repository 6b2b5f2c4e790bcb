package nexcage.backend.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;

import nexcage.api.backend.ManagedLabels;

/**
 * The engine's event stream ({@code GET /events}) on a raw connection ({@link RawHttp}), decoded with plain
 * Jackson: what docker-java's {@code eventsCmd} asked for (container events of NexCage's
 * containers, the actions {@link EventPump#ACTIONS}), without loading its command layer and
 * model, so a daemon that only follows events stays free of them.
 */
final class EngineEvents implements AutoCloseable {

    /** One event as the engine sent it; {@code time} and {@code timeNano} are null when absent. */
    record Event(String id, String action, Long time, Long timeNano, Map<String, String> attributes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RawHttp connection;
    private final InputStream body;

    private EngineEvents(RawHttp connection, InputStream body) {
        this.connection = connection;
        this.body = body;
    }

    /**
     * Subscribes: returns once the engine answered with its head (the subscription is in place),
     * at most {@code headTimeout} ms; {@code sinceSeconds} (when not null) asks for the events
     * since then too. A refused subscription throws what docker-java would.
     */
    static EngineEvents open(Engine engine, String apiVersion, Long sinceSeconds, Executor heads, long headTimeout)
            throws TimeoutException, InterruptedException {
        String path = path(apiVersion, sinceSeconds);
        RawHttp[] conn = new RawHttp[1];
        CompletableFuture<EngineEvents> head = CompletableFuture.supplyAsync(() -> {
            try {
                RawHttp h = engine.raw();
                synchronized (conn) {
                    conn[0] = h;
                }
                RawHttp.Answer a = h.get(path);
                if (a.status() < 200 || a.status() > 299) {
                    Engine.quietly(h);
                    throw new DockerException(RawHttp.text(a), a.status());
                }
                return new EngineEvents(h, a.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, heads);
        try {
            return head.get(headTimeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException gaveUp) {
            synchronized (conn) {
                Engine.quietly(conn[0]);
            }
            head.thenAccept(EngineEvents::close);
            throw gaveUp;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failed) {
                throw failed;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The request's path: docker-java's filters for the same subscription. */
    static String path(String apiVersion, Long sinceSeconds) {
        StringBuilder filters = new StringBuilder("{\"type\":[\"container\"],\"label\":[\"").append(ManagedLabels.MANAGED)
                .append("=true\"],\"event\":[");
        for (int i = 0; i < EventPump.ACTIONS.length; i++) {
            filters.append(i == 0 ? "" : ",").append('"').append(EventPump.ACTIONS[i]).append('"');
        }
        filters.append("]}");
        String p = "/v" + apiVersion + "/events?filters=" + URLEncoder.encode(filters.toString(), StandardCharsets.UTF_8);
        return sinceSeconds == null ? p : p + "&since=" + sinceSeconds;
    }

    /**
     * Hands each event to {@code sink} until the stream ends (returns) or breaks (throws);
     * {@link #close()} from another thread ends it.
     */
    void forEach(Consumer<Event> sink) {
        try {
            read(body, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a stream of JSON objects, one event each, as they come. */
    static void read(InputStream in, Consumer<Event> sink) throws IOException {
        JsonFactory f = JSON.getFactory();
        try (JsonParser p = f.createParser(in)) {
            Iterator<JsonNode> nodes = JSON.readValues(p, JsonNode.class);
            while (nodes.hasNext()) {
                JsonNode n = nodes.next();
                if (n != null && n.isObject()) {
                    sink.accept(decode(n));
                }
            }
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw io; // Jackson's iterator wraps the stream's failure
            }
            throw e;
        }
    }

    /** One event of the engine's JSON; the action from {@code Action}, else the older {@code status}. */
    static Event decode(JsonNode n) {
        Map<String, String> attrs = new HashMap<>();
        JsonNode a = n.path("Actor").path("Attributes");
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            attrs.put(e.getKey(), e.getValue().asText());
        }
        String action = n.hasNonNull("Action") ? n.get("Action").asText() : n.hasNonNull("status") ? n.get("status").asText() : null;
        String id = n.hasNonNull("id") ? n.get("id").asText() : n.path("Actor").hasNonNull("ID") ? n.path("Actor").get("ID").asText() : null;
        return new Event(id, action, number(n, "time"), number(n, "timeNano"), attrs);
    }

    private static Long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.canConvertToLong() ? v.longValue() : null;
    }

    /** Ends the stream (unblocks {@link #forEach(Consumer)}). */
    @Override
    public void close() {
        Engine.quietly(connection);
    }

}
