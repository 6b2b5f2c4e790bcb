package nexcage.example.prometheusmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.ServerSocket;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nexcage.api.HealthStatus;
import nexcage.api.runtime.PluginMetrics;

/** The plugin against a stand-in gateway on a loopback port: connect, export, health, requests. */
class PrometheusMetricsTest {
    private final FakeGateway gateway = newGateway();
    private final Map<String, Double> own = new TreeMap<>();

    private static FakeGateway newGateway() {
        try {
            return new FakeGateway();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private PrometheusMetrics plugin(String url, String job) {
        PluginMetrics metrics = new PluginMetrics() {
            @Override
            public void increment(String name, long delta) {
                own.merge(name, (double) delta, Double::sum);
            }

            @Override
            public void gauge(String name, double value) {
                own.put(name, value);
            }

            @Override
            public Map<String, Double> snapshot() {
                return Map.copyOf(own);
            }
        };
        return new PrometheusMetrics(metrics, new PushgatewayConfig() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public String job() {
                return job;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return PushgatewayConfig.class;
            }
        });
    }

    private static Map<String, Double> snapshot() {
        Map<String, Double> m = new TreeMap<>();
        m.put("nexcage_plugin_calls{plugin=\"hello\"}", 3.0);
        m.put("nexcage_backend_healthy{backend=\"docker\"}", 1.0);
        m.put("nexcage_plugins{state=\"active\"}", 2.0);
        m.put("prometheus-metrics.pushes", 0.0);
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void eachExportWhileConnectedReplacesTheJobsMetricsInTheGateway() throws Exception {
        PrometheusMetrics p = plugin(gateway.url() + "/", "nexcage");
        p.connect();
        p.export(snapshot());
        assertThat(gateway.pushes).singleElement().satisfies(push -> {
            assertThat(push.method()).isEqualTo("PUT");
            assertThat(push.path()).isEqualTo("/metrics/job/nexcage");
            assertThat(push.body()).contains("# TYPE nexcage_plugin_calls gauge", "nexcage_plugin_calls{plugin=\"hello\",} 3.0",
                    "nexcage_backend_healthy{backend=\"docker\",} 1.0",
                    "nexcage_extension_metric{extension=\"prometheus-metrics\",key=\"pushes\",} 0.0");
        });
        assertThat(p.healthCheck()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(own).containsEntry("pushes", 1.0).containsEntry("last_push_series", 4.0);
        assertThat(p.collect()).containsEntry("pushes", 1.0).containsEntry("push_failures", 0.0);
    }

    @Test
    void aPushRequestPushesTheLatestSnapshotNowAndSaysWhatWent() throws Exception {
        PrometheusMetrics p = plugin(gateway.url(), "ci");
        assertThatThrownBy(() -> p.sendRequest(Map.of("action", "push"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no snapshot to push yet");
        p.export(snapshot()); // not connected: kept, not pushed
        assertThat(gateway.pushes).isEmpty();
        Map<String, Object> answer = p.sendRequest(Map.of("action", "push"));
        assertThat(answer).containsEntry("pushed", true).containsEntry("job", "ci").containsEntry("series", 4)
                .containsEntry("url", gateway.url());
        assertThat(answer.get("families")).asList().contains("nexcage_plugin_calls", "nexcage_extension_metric");
        assertThat(gateway.pushes).singleElement().extracting(FakeGateway.Push::path).isEqualTo("/metrics/job/ci");
        assertThat(p.sendRequest(Map.of("action", "status"))).containsEntry("connected", false).containsEntry("pushes", 1L);
        assertThatThrownBy(() -> p.sendRequest(Map.of("action", "fly"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown action 'fly'; send {\"action\":\"push\"} or {\"action\":\"status\"}");
    }

    @Test
    void aRefusedPushDegradesAndAGatewayThatDoesNotAnswerIsUnhealthy() throws Exception {
        PrometheusMetrics p = plugin(gateway.url(), "nexcage");
        p.connect();
        gateway.pushStatus = 400;
        assertThatThrownBy(() -> p.export(snapshot())).isInstanceOf(IOException.class)
                .hasMessageStartingWith("pushing to the Pushgateway at " + gateway.url() + " failed");
        assertThat(p.healthCheck()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(own).containsEntry("push_failures", 1.0);
        gateway.pushStatus = 200;
        p.export(snapshot());
        assertThat(p.healthCheck()).isEqualTo(HealthStatus.HEALTHY);
        gateway.close();
        assertThat(p.healthCheck()).isEqualTo(HealthStatus.UNHEALTHY);
    }

    @Test
    void connectFailsWithASentenceWhenNothingAnswers() throws Exception {
        String url = "http://127.0.0.1:" + freePort();
        PrometheusMetrics p = plugin(url, "nexcage");
        assertThatThrownBy(p::connect).isInstanceOf(IOException.class)
                .hasMessageStartingWith("the Pushgateway at " + url + " does not answer (")
                .hasMessageEndingWith("start it or set plugins.prometheus-metrics.config.url to one that runs");
        assertThat(p.healthCheck()).isEqualTo(HealthStatus.UNHEALTHY);
    }

    @Test
    void aBadUrlIsRefusedByTheConfigCheckAndNamedOnConnect() {
        PrometheusMetrics p = plugin("ftp://x", "nexcage");
        assertThatThrownBy(p::connect).isInstanceOf(IllegalStateException.class)
                .hasMessage("plugins.prometheus-metrics.config.url 'ftp://x' is no http(s) URL; set it to the Pushgateway's, e.g. http://127.0.0.1:9091");
        assertThatThrownBy(() -> p.checkConfig(null, Map.of("url", "not a url"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is no http(s) URL");
        assertThatThrownBy(() -> p.checkConfig(null, Map.of("job", " "))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("config.job is empty");
    }

    @Test
    void alertsAreCountedBySeverity() {
        PrometheusMetrics p = plugin(gateway.url(), "nexcage");
        p.alert("critical", "backend docker is unhealthy");
        p.alert("critical", "again");
        p.alert(null, "no severity");
        assertThat(own).containsEntry("alerts_critical", 2.0).containsEntry("alerts_info", 1.0);
    }
}
