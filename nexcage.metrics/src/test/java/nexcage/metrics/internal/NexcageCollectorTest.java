package nexcage.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

class NexcageCollectorTest {

    static String scrape(Figures figures) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new NexcageCollector(figures));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void perPluginFiguresAreCountersAndGaugesWithSnakeCaseLabels() throws IOException {
        String text = scrape(FixedFigures.of(2, true));
        assertThat(text)
                .contains("# TYPE nexcage_plugin_calls_total counter")
                .contains("nexcage_plugin_calls_total{entry=\"command:hello\",plugin=\"plugin-1\"} 11.0")
                .contains("nexcage_plugin_errors_total{entry=\"command:hello\",plugin=\"plugin-0\"} 1.0")
                .contains("nexcage_plugin_timeouts_total{entry=\"hook:container.pre_create\",plugin=\"plugin-0\"} 1.0")
                .contains("nexcage_plugin_cpu_seconds_total{plugin=\"plugin-0\"} 1.5")
                .contains("nexcage_plugin_allocated_bytes_total{plugin=\"plugin-0\"} 5120.0")
                .contains("nexcage_plugin_threads{plugin=\"plugin-0\"} 3.0")
                .contains("nexcage_plugin_disk_bytes{plugin=\"plugin-0\"} 2048.0")
                .contains("nexcage_plugin_over_limit{limit=\"max_threads\",plugin=\"plugin-1\"} 1.0")
                .contains("nexcage_plugin_over_limit{limit=\"max_threads\",plugin=\"plugin-0\"} 0.0")
                .contains("nexcage_plugin_call_duration_seconds{entry=\"command:hello\",plugin=\"plugin-0\",quantile=\"0.99\"} 0.009")
                .contains("nexcage_plugin_call_duration_seconds_count{entry=\"command:hello\",plugin=\"plugin-0\"} 10");
    }

    @Test
    void containerOperationsAreTheBackendPluginsBackendEntries() throws IOException {
        String text = scrape(FixedFigures.of(2, true));
        assertThat(text)
                .contains("nexcage_container_operations_total{backend=\"docker\",operation=\"create\"} 7.0")
                .contains("nexcage_container_operation_errors_total{backend=\"docker\",operation=\"create\"} 2.0")
                .contains("# TYPE nexcage_container_operation_duration_seconds histogram")
                .contains("nexcage_container_operation_duration_seconds_bucket{backend=\"docker\",operation=\"create\",le=\"0.05\"} 0")
                .contains("nexcage_container_operation_duration_seconds_bucket{backend=\"docker\",operation=\"create\",le=\"0.1\"} 2")
                .contains("nexcage_container_operation_duration_seconds_bucket{backend=\"docker\",operation=\"create\",le=\"0.25\"} 6")
                .contains("nexcage_container_operation_duration_seconds_bucket{backend=\"docker\",operation=\"create\",le=\"60.0\"} 6")
                .contains("nexcage_container_operation_duration_seconds_bucket{backend=\"docker\",operation=\"create\",le=\"+Inf\"} 7")
                .contains("nexcage_container_operation_duration_seconds_count{backend=\"docker\",operation=\"create\"} 7")
                .contains("nexcage_container_operation_duration_seconds_sum{backend=\"docker\",operation=\"create\"} 61.05")
                .contains("nexcage_backend_up{backend=\"docker\"} 1.0")
                .contains("nexcage_backend_health{backend=\"docker\",health=\"healthy\",plugin=\"plugin-0\"} 1.0");
    }

    @Test
    void hooksOfOnePluginAddUpAndViolationsCountByKind() throws IOException {
        String text = scrape(FixedFigures.of(2, true));
        assertThat(text)
                .contains("nexcage_hook_runs_total{hook=\"container.pre_create\",plugin=\"plugin-0\"} 8.0")
                .contains("nexcage_hook_failures_total{hook=\"container.pre_create\",plugin=\"plugin-0\"} 1.0")
                .contains("nexcage_hook_vetoes_total{hook=\"container.pre_create\",plugin=\"plugin-0\"} 1.0")
                .contains("# TYPE nexcage_hook_duration_seconds histogram")
                .contains("nexcage_hook_duration_seconds_bucket{hook=\"container.pre_create\",plugin=\"plugin-0\",le=\"5.0E-4\"} 0")
                .contains("nexcage_hook_duration_seconds_bucket{hook=\"container.pre_create\",plugin=\"plugin-0\",le=\"0.001\"} 5")
                .contains("nexcage_hook_duration_seconds_bucket{hook=\"container.pre_create\",plugin=\"plugin-0\",le=\"0.005\"} 8")
                .contains("nexcage_hook_duration_seconds_bucket{hook=\"container.pre_create\",plugin=\"plugin-0\",le=\"+Inf\"} 8")
                .contains("nexcage_hook_duration_seconds_count{hook=\"container.pre_create\",plugin=\"plugin-0\"} 8")
                .contains("nexcage_hook_duration_seconds_sum{hook=\"container.pre_create\",plugin=\"plugin-0\"} 0.011")
                .contains("nexcage_violations_total{kind=\"capability\",plugin=\"plugin-1\"} 5.0")
                .contains("nexcage_violations_total{kind=\"resource\",plugin=\"plugin-1\"} 1.0");
    }

    @Test
    void statesHealthPluginMetricsAndReadiness() throws IOException {
        assertThat(scrape(FixedFigures.of(2, false)))
                .contains("nexcage_plugin_state{plugin=\"plugin-1\",state=\"active\"} 1.0")
                .contains("nexcage_plugin_health{health=\"healthy\",plugin=\"plugin-1\"} 1.0")
                .contains("# TYPE nexcage_plugin_metric gauge")
                .contains("nexcage_plugin_metric{name=\"jobs_done\",plugin=\"plugin-1\"} 1.0")
                .contains("nexcage_ready 0.0");
    }
}
