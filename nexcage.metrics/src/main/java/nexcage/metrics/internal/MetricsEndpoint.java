package nexcage.metrics.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The HTTP listener: {@code /metrics} (the registry in the Prometheus text format), {@code /livez}
 * (200 while the daemon runs) and {@code /readyz} (200 once ready, else 503). The JDK's own
 * server on one thread: a scrape is a few milliseconds and Prometheus scrapes one at a time.
 */
final class MetricsEndpoint implements AutoCloseable {

    private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds and serves; throws {@link java.net.BindException} when the address is taken. */
    static MetricsEndpoint start(InetSocketAddress address, PrometheusRegistry registry, BooleanSupplier ready) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        server.createContext("/metrics", ex -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
            TEXT.write(body, registry.scrape());
            answer(ex, 200, TEXT.getContentType(), body.toByteArray());
        });
        server.createContext("/livez", ex -> answer(ex, 200, "text/plain; charset=utf-8", "ok\n".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/readyz", ex -> {
            boolean ok = ready.getAsBoolean();
            answer(ex, ok ? 200 : 503, "text/plain; charset=utf-8",
                    (ok ? "ok\n" : "the plugins present at boot are not all started yet\n").getBytes(StandardCharsets.UTF_8));
        });
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nexcage-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new MetricsEndpoint(server, executor);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type);
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
