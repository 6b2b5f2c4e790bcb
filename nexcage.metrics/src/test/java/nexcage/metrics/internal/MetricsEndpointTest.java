package nexcage.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.prometheus.metrics.model.registry.PrometheusRegistry;

class MetricsEndpointTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesMetricsLivenessAndReadiness() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new NexcageCollector(FixedFigures.of(1, true)));
        AtomicBoolean ready = new AtomicBoolean(false);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), registry, ready::get)) {
            HttpResponse<String> metrics = get(endpoint.port(), "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            assertThat(metrics.body()).contains("nexcage_plugin_calls_total{");
            assertThat(get(endpoint.port(), "/livez").statusCode()).isEqualTo(200);
            assertThat(get(endpoint.port(), "/readyz").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(endpoint.port(), "/readyz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aTakenPortIsABindException() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        try (MetricsEndpoint first = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), registry, () -> true)) {
            assertThatThrownBy(() -> MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", first.port()), registry, () -> true))
                    .isInstanceOf(BindException.class);
        }
    }

    @Test
    void listenIsHostColonPort() {
        assertThat(ListenAddress.parse("127.0.0.1:9464").getPort()).isEqualTo(9464);
        assertThat(ListenAddress.parse("[::1]:9464").getAddress().isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> ListenAddress.parse("9464")).hasMessageContaining("runtime.metrics.listen");
    }
}
