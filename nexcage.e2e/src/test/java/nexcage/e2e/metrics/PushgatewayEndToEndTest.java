package nexcage.e2e.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
 * The prometheus-metrics example on a real daemon against a real Pushgateway (Debian's
 * {@code prometheus-pushgateway}, which test.sh installs), started here on a free port: the
 * runtime's snapshot, pushed each {@code runtime.metrics.interval}, shows up in the gateway's
 * /metrics; the integration is connected and healthy; a push request answers what it pushed; a
 * stopped gateway makes it unhealthy and failed, and one started again brings it back (the core
 * reconnects with backoff).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PushgatewayEndToEndTest {
    private static final Path PLUGIN = Nexcage.ROOT.resolve("examples/prometheus-metrics/target/prometheus-metrics-1.0.0.nexcage-plugin");
    private static final String JOB = "nexcage-e2e";
    /** The core's health checks come every 5 s and its reconnects back off up to 60 s: a gateway's return is seen within this. */
    private static final Duration BACK = Duration.ofSeconds(60);
    private static Nexcage nx;
    private static Process gateway;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        assertThat(PLUGIN).as("build the example first (mvn -DskipTests package)").exists();
        port = MetricsEndToEndTest.freePort();
        startGateway();
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxpush"));
        Files.copy(PLUGIN, nx.plugins().resolve(PLUGIN.getFileName()));
        nx.writeConfig("runtime:\n  metrics:\n    interval: 1\nplugins:\n  prometheus-metrics:\n    config:\n"
                + "      url: \"http://127.0.0.1:" + port + "\"\n      job: " + JOB + "\n");
        nx.start();
    }

    @AfterAll
    static void stop() throws Exception {
        stopGateway();
        if (nx != null) {
            nx.stopAndClose();
        }
    }

    private static void startGateway() throws IOException {
        Path log = Files.createTempFile("nexcage-pushgateway", ".log");
        gateway = new ProcessBuilder("prometheus-pushgateway", "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Nexcage.await("the Pushgateway to answer /-/healthy (its log: " + log + ")", Nexcage.WAIT,
                () -> MetricsEndToEndTest.status(gatewayUrl("/-/healthy")), s -> s == 200);
    }

    private static void stopGateway() throws InterruptedException {
        if (gateway != null) {
            gateway.destroy();
            if (!gateway.waitFor(10, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            gateway = null;
        }
    }

    private static String gatewayUrl(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** What the gateway serves on /metrics now (empty when it does not answer). */
    private static String gatewayMetrics() {
        HttpResponse<String> r = MetricsEndToEndTest.get(gatewayUrl("/metrics"));
        return r == null || r.statusCode() != 200 ? "" : r.body();
    }

    private static JsonNode integration() {
        JsonNode list = nx.json("integration", "list", "--json");
        for (JsonNode i : list) {
            if (i.path("name").asText().equals("prometheus-metrics")) {
                return i;
            }
        }
        return null;
    }

    private static boolean connectedAndHealthy(JsonNode i) {
        return i != null && i.path("state").asText().equals("connected") && i.path("health").asText().equals("healthy");
    }

    @Test
    @Order(1)
    void theRuntimesSnapshotIsPushedEachIntervalAndTheIntegrationIsHealthy() {
        JsonNode i = Nexcage.await("integration list to show prometheus-metrics connected and healthy", Nexcage.START_WAIT.plusSeconds(10),
                PushgatewayEndToEndTest::integration, PushgatewayEndToEndTest::connectedAndHealthy);
        assertThat(i.path("plugin").asText()).isEqualTo("prometheus-metrics");
        assertThat(i.path("reason").isNull()).isTrue();

        String pushed = Nexcage.await("the gateway to serve the plugin's health and calls pushed under job " + JOB, Nexcage.WAIT,
                PushgatewayEndToEndTest::gatewayMetrics,
                t -> t.contains("nexcage_plugin_healthy{instance=\"\",job=\"" + JOB + "\",plugin=\"prometheus-metrics\"}")
                        && t.contains("nexcage_plugin_calls{instance=\"\",job=\"" + JOB + "\",plugin=\"prometheus-metrics\"}"));
        assertThat(pushed).contains("# TYPE nexcage_plugin_calls gauge")
                .contains("nexcage_plugins{instance=\"\",job=\"" + JOB + "\",state=\"active\"}")
                .contains("nexcage_violations{instance=\"\",job=\"" + JOB + "\"}")
                .contains("nexcage_extension_metric{extension=\"prometheus-metrics\",instance=\"\",job=\"" + JOB + "\",key=\"pushes\"}")
                .contains("push_time_seconds{instance=\"\",job=\"" + JOB + "\"}");
    }

    @Test
    @Order(2)
    void aPushRequestPushesNowAndAnswersWhatWent() throws Exception {
        Nexcage.Result r = nx.run("integration", "send", "prometheus-metrics", "{\"action\":\"push\"}");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode answer = Nexcage.JSON.readTree(r.out());
        assertThat(answer.path("pushed").asBoolean()).isTrue();
        assertThat(answer.path("job").asText()).isEqualTo(JOB);
        assertThat(answer.path("url").asText()).isEqualTo(gatewayUrl(""));
        assertThat(answer.path("series").asInt()).isPositive();
        assertThat(answer.path("families").toString()).contains("nexcage_plugin_calls", "nexcage_plugin_healthy");

        Nexcage.Result unknown = nx.run("integration", "send", "prometheus-metrics", "{\"action\":\"fly\"}");
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown action 'fly'");
        // its pushes are its own metrics too, on /metrics through PluginMetrics
        assertThat(nx.run("plugin", "stats", "prometheus-metrics").out()).contains("pushes");
    }

    @Test
    @Order(3)
    void aStoppedGatewayFailsTheIntegrationAndOneStartedAgainBringsItBack() throws Exception {
        stopGateway();
        JsonNode down = Nexcage.await("integration list to show prometheus-metrics failed or unhealthy", BACK,
                PushgatewayEndToEndTest::integration,
                i -> i != null && (i.path("state").asText().equals("failed") || i.path("health").asText().equals("unhealthy")));
        Nexcage.await("integration list to show prometheus-metrics failed and unhealthy with a reason", BACK,
                PushgatewayEndToEndTest::integration,
                i -> i != null && i.path("state").asText().equals("failed") && i.path("health").asText().equals("unhealthy")
                        && i.path("reason").asText().contains("connecting again in"));
        assertThat(down).isNotNull();
        Nexcage.Result refused = nx.run("integration", "send", "prometheus-metrics", "{\"action\":\"push\"}");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);

        startGateway();
        Nexcage.await("integration list to show prometheus-metrics connected and healthy again", BACK,
                PushgatewayEndToEndTest::integration, PushgatewayEndToEndTest::connectedAndHealthy);
        // a new gateway keeps nothing: what it serves now was pushed after the reconnect
        Nexcage.await("the new gateway to serve a pushed snapshot", Nexcage.WAIT, PushgatewayEndToEndTest::gatewayMetrics,
                t -> t.contains("nexcage_plugin_healthy{instance=\"\",job=\"" + JOB + "\",plugin=\"prometheus-metrics\"}"));
    }
}
