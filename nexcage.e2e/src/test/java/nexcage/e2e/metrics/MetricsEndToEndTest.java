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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;
import nexcage.e2e.containers.Engine;

/**
 * The daemon's /metrics scraped by a real Prometheus (Debian's {@code prometheus}, which test.sh
 * installs): a PromQL query through its HTTP API returns NexCage series, and a container run on
 * the real engine is a latency histogram whose quantile PromQL computes. Then a taken port is one
 * log line naming the setting and the port while the daemon runs on, and {@code config reload}
 * with a free port binds it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsEndToEndTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static Nexcage nx;
    private static Process prometheus;
    private static int metricsPort;
    private static final String P = "nxmet" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private static final String CREATE_BUCKET = "nexcage_container_operation_duration_seconds_bucket{backend=\"docker\",operation=\"create\",le=\"";

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
        Engine.require();
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
        Engine.removeAll(P);
    }

    @Test
    @Order(1)
    void aRealPrometheusScrapesTheDaemon() throws Exception {
        String base = "http://127.0.0.1:" + metricsPort;
        Nexcage.await("/readyz to answer 200", Nexcage.START_WAIT, () -> status(base + "/readyz"), s -> s == 200);
        assertThat(status(base + "/livez")).isEqualTo(200);
        assertThat(nx.run("hello", "World").exit()).isZero();
        Nexcage.await("a healthy docker backend", Nexcage.START_WAIT, () -> nx.run("backend", "list", "--json").out(),
                Engine::dockerHealthy);
        Nexcage.Result run = nx.run("run", "--rm", "--name", P + "-1", Engine.IMAGE, "echo", "hi");
        assertThat(run.exit()).as(run.toString()).isZero();
        String scraped = get(base + "/metrics").body();
        assertThat(scraped).contains("# TYPE nexcage_container_operation_duration_seconds histogram");
        Matcher all = Pattern.compile(Pattern.quote(CREATE_BUCKET + "+Inf\"} ") + "(\\d+)").matcher(scraped);
        assertThat(all.find()).as(scraped).isTrue();
        assertThat(Long.parseLong(all.group(1))).isPositive();
        assertThat(scraped).contains(CREATE_BUCKET + "0.001\"}", CREATE_BUCKET + "60.0\"}",
                "nexcage_container_operation_duration_seconds_sum{backend=\"docker\",operation=\"create\"}",
                "nexcage_container_operation_duration_seconds_count{backend=\"docker\",operation=\"create\"}");

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

        // the buckets since the daemon started, as PromQL reads a classic histogram
        String quantile = "http://127.0.0.1:" + webPort + "/api/v1/query?query=" + URLEncoder.encode(
                "histogram_quantile(0.9, nexcage_container_operation_duration_seconds_bucket{backend=\"docker\",operation=\"create\"})",
                StandardCharsets.UTF_8);
        HttpResponse<String> q = Nexcage.await("Prometheus to compute the 0.9 quantile of docker's creates", Duration.ofSeconds(30),
                () -> get(quantile), r -> r != null && r.statusCode() == 200 && r.body().contains("\"operation\":\"create\""));
        JsonNode value = Nexcage.JSON.readTree(q.body()).path("data").path("result").get(0).path("value");
        double seconds = Double.parseDouble(value.get(1).asText());
        assertThat(seconds).as(q.body()).isGreaterThan(0).isLessThanOrEqualTo(60);
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
