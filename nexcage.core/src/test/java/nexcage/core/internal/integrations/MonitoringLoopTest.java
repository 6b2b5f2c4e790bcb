package nexcage.core.internal.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.UsageFigures;
import nexcage.api.monitoring.MonitoringExtension;

/** The monitoring round, its snapshot and its alerts (DESIGN §5). */
class MonitoringLoopTest {

    static final class Recorder implements MonitoringExtension {
        final String name;
        final List<Object> calls = new ArrayList<>();
        boolean broken;

        Recorder(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public Map<String, Double> collect() {
            calls.add("collect");
            if (broken) {
                throw new IllegalStateException("no data");
            }
            return Map.of("queue_depth", 3.0);
        }

        public void export(Map<String, Double> metrics) {
            calls.add(metrics);
            if (broken) {
                throw new IllegalStateException("gateway down");
            }
        }

        public void alert(String severity, String message) {
            calls.add(severity + ": " + message);
        }
    }

    private final List<String> entries = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final PluginCaller direct = new PluginCaller() {
        @Override
        public <T> T call(String entry, String what, Callable<T> call) throws Exception {
            entries.add(entry);
            try {
                return call.call();
            } catch (Exception e) {
                throw new Exception(what + " threw " + e.getMessage(), e);
            }
        }
    };
    private final MonitoringLoop loop = new MonitoringLoop((plugin, message) -> failures.add(plugin + ": " + message));

    @Test
    void aRoundCollectsFromEachThenExportsTheSnapshotToEach() {
        Recorder a = new Recorder("a");
        Recorder b = new Recorder("b");
        loop.add(new MonitoringLoop.Monitor(a, "a", "pa", direct));
        loop.add(new MonitoringLoop.Monitor(b, "b", "pb", direct));
        loop.round(collected -> MetricSnapshot.of(Map.of(), Map.of(), Map.of(), List.of(), 0, collected));
        Map<String, Double> expected = Map.of("a.queue_depth", 3.0, "b.queue_depth", 3.0, "nexcage_violations", 0.0);
        assertThat(a.calls).containsExactly("collect", expected);
        assertThat(b.calls).containsExactly("collect", expected);
        assertThat(entries).containsExactly("monitoring:collect", "monitoring:collect", "monitoring:export", "monitoring:export");
    }

    @Test
    void aFailingExtensionIsReportedAboutItsPluginAndTheOthersGoOn() {
        Recorder a = new Recorder("a");
        a.broken = true;
        Recorder b = new Recorder("b");
        loop.add(new MonitoringLoop.Monitor(a, "a", "pa", direct));
        loop.add(new MonitoringLoop.Monitor(b, "b", "pb", direct));
        loop.round(collected -> MetricSnapshot.of(Map.of(), Map.of(), Map.of(), List.of(), 0, collected));
        assertThat(b.calls).containsExactly("collect", Map.of("b.queue_depth", 3.0, "nexcage_violations", 0.0));
        assertThat(failures).containsExactly("pa: collect of monitoring extension a threw no data",
                "pa: export of monitoring extension a threw gateway down");
        loop.alert("critical", "backend docker is unhealthy (was healthy)");
        assertThat(a.calls).last().isEqualTo("critical: backend docker is unhealthy (was healthy)");
        loop.remove(a);
        loop.alert("info", "x");
        assertThat(a.calls).last().isNotEqualTo("info: x");
        assertThat(b.calls).last().isEqualTo("info: x");
    }

    @Test
    void theSnapshotHoldsWhatTheCoreKnows() {
        PluginUsage u = new PluginUsage("hello", new UsageFigures(7, 1, 2, 0, 0, 0, 12.5, 4096), Map.of(), 3, 0, 1.5, 0, Map.of(), List.of(),
                true);
        Map<String, Double> m = MetricSnapshot.of(Map.of("hello", "active", "shout", "active", "old", "disabled"),
                Map.of("hello", "healthy", "shout", "degraded"), Map.of("docker", "healthy", "podman", "undetected"), List.of(u), 4,
                Map.of("sink", Map.of("pushed", 2.0)));
        assertThat(m).containsEntry("nexcage_plugins{state=\"active\"}", 2.0).containsEntry("nexcage_plugins{state=\"disabled\"}", 1.0)
                .containsEntry("nexcage_plugin_healthy{plugin=\"hello\"}", 1.0).containsEntry("nexcage_plugin_healthy{plugin=\"shout\"}", 0.0)
                .containsEntry("nexcage_backend_healthy{backend=\"docker\"}", 1.0)
                .containsEntry("nexcage_backend_healthy{backend=\"podman\"}", 0.0)
                .containsEntry("nexcage_plugin_calls{plugin=\"hello\"}", 7.0).containsEntry("nexcage_plugin_errors{plugin=\"hello\"}", 1.0)
                .containsEntry("nexcage_plugin_timeouts{plugin=\"hello\"}", 2.0).containsEntry("nexcage_plugin_cpu_ms{plugin=\"hello\"}", 12.5)
                .containsEntry("nexcage_plugin_threads{plugin=\"hello\"}", 3.0).containsEntry("nexcage_violations", 4.0)
                .containsEntry("sink.pushed", 2.0);
    }

    @Test
    void aHealthChangeIsAnAlertAndTheFirstSightIsNot() {
        HealthWatch w = new HealthWatch("backend");
        assertThat(w.seen(Map.of("docker", "healthy"))).isEmpty();
        assertThat(w.seen(Map.of("docker", "healthy"))).isEmpty();
        assertThat(w.seen(Map.of("docker", "unhealthy")))
                .containsExactly(new HealthWatch.Alert("critical", "backend docker is unhealthy (was healthy)"));
        assertThat(w.seen(Map.of("docker", "healthy"))).containsExactly(new HealthWatch.Alert("info", "backend docker is healthy (was unhealthy)"));
        assertThat(w.seen(Map.of())).isEmpty();
        assertThat(w.seen(Map.of("docker", "degraded"))).isEmpty();
        assertThat(HealthWatch.severity("degraded")).isEqualTo("warning");
    }
}
