package nexcage.e2e.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;

/**
 * The daemon's /metrics scraped by a real Prometheus (Debian's {@code prometheus}, which test.sh
 * installs): a PromQL query through its HTTP API returns NexCage series. Then a taken port is one
 * log line naming the setting and the port while the daemon runs on, and {@code config reload}
 * with a free port binds it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsEndToEndTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static Nexcage nx;
    private static Process prometheus;
    private static int metricsPort;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static int status(String url) {
        HttpResponse<String> r = get(url);
        return r == null ? -1 : r.statusCode();
    }

    static void listenOn(int port) {
        nx.writeConfig("runtime:\n  metrics:\n    listen: 127.0.0.1:" + port + "\n");
    }

    @BeforeAll
    static void start() throws Exception {
        nx = Nexcage.withHello("nxmetrics");
        metricsPort = freePort();
        listenOn(metricsPort);
        nx.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (nx != null) {
            nx.stopAndClose();
        }
    }

    @Test
    @Order(1)
    void aRealPrometheusScrapesTheDaemon() throws Exception {
        String base = "http://127.0.0.1:" + metricsPort;
        Nexcage.await("/readyz to answer 200", Nexcage.START_WAIT, () -> status(base + "/readyz"), s -> s == 200);
        assertThat(status(base + "/livez")).isEqualTo(200);
        assertThat(nx.run("hello", "World").exit()).isZero();

        Path dir = Files.createDirectories(nx.base.resolve("prometheus"));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: nexcage\n"
                + "    scrape_interval: 1s\n    static_configs:\n      - targets: ['127.0.0.1:" + metricsPort + "']\n");
        int webPort = freePort();
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + webPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();

        String query = "http://127.0.0.1:" + webPort + "/api/v1/query?query="
                + URLEncoder.encode("nexcage_plugin_calls_total{plugin=\"hello\"}", StandardCharsets.UTF_8);
        HttpResponse<String> answer = Nexcage.await("Prometheus to return a nexcage_plugin_calls_total series of hello",
                Duration.ofSeconds(60), () -> get(query), r -> r != null && r.statusCode() == 200 && r.body().contains("\"hello\""));
        JsonNode result = Nexcage.JSON.readTree(answer.body()).path("data").path("result");
        assertThat(result.size()).as(answer.body()).isPositive();
        assertThat(result.get(0).path("metric").path("job").asText()).isEqualTo("nexcage");
    }

    @Test
    @Order(2)
    void aTakenPortIsOneLogLineAndReloadRebinds() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            listenOn(taken.getLocalPort());
            assertThat(nx.run("config", "reload").exit()).isZero();
            String line = "runtime.metrics.listen 127.0.0.1:" + taken.getLocalPort() + ": port " + taken.getLocalPort() + " is in use";
            Nexcage.await("the log to name the setting and the taken port", Nexcage.WAIT, () -> nx.daemonLog() + nx.logFileText(),
                    t -> t.contains(line));
            assertThat(nx.alive()).isTrue();
            assertThat(status("http://127.0.0.1:" + metricsPort + "/livez")).isEqualTo(-1);
        }
        int next = freePort();
        listenOn(next);
        assertThat(nx.run("config", "reload").exit()).isZero();
        Nexcage.await("/metrics on the new port", Nexcage.WAIT, () -> status("http://127.0.0.1:" + next + "/metrics"), s -> s == 200);
    }
}
