package nexcage.example.prometheusmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import nexcage.example.prometheusmetrics.SnapshotSeries.Series;

class SnapshotSeriesTest {

    @Test
    void aKeyWithLabelsIsItsNameAndLabels() {
        Series s = SnapshotSeries.parse("nexcage_plugin_calls{plugin=\"hello\"}", 3.0);
        assertThat(s).isEqualTo(new Series("nexcage_plugin_calls", List.of("plugin"), List.of("hello"), 3.0));
        assertThat(SnapshotSeries.parse("nexcage_backend_healthy{backend=\"docker\",x=\"a\\\"b,c\"}", 1.0))
                .isEqualTo(new Series("nexcage_backend_healthy", List.of("backend", "x"), List.of("docker", "a\"b,c"), 1.0));
        assertThat(SnapshotSeries.parse("nexcage_violations", 0.0)).isEqualTo(new Series("nexcage_violations", List.of(), List.of(), 0.0));
    }

    @Test
    void whatAnExtensionCollectedIsOneFamilyByExtensionAndKey() {
        assertThat(SnapshotSeries.parse("prometheus-metrics.pushes", 4.0)).isEqualTo(
                new Series("nexcage_extension_metric", List.of("extension", "key"), List.of("prometheus-metrics", "pushes"), 4.0));
    }

    @Test
    void namesGetThePrefixAndMalformedKeysAreLeftOut() {
        assertThat(SnapshotSeries.parse("up", 1.0).name()).isEqualTo("nexcage_up");
        assertThat(SnapshotSeries.parse("nexcage_x{plugin=\"unterminated}", 1.0)).isNull();
        assertThat(SnapshotSeries.parse("nexcage_x{9bad=\"v\"}", 1.0)).isNull();
        assertThat(SnapshotSeries.parse("nexcage_x{a=\"v\"}trailing", 1.0)).isNull();
        assertThat(SnapshotSeries.parse("no-dot-no-name", 1.0)).isNull();
        assertThat(SnapshotSeries.parse("nexcage_x", null)).isNull();
    }

    @Test
    void familiesAreGaugesByNameWithEverySeries() {
        Map<String, Double> snapshot = new TreeMap<>();
        snapshot.put("nexcage_plugin_calls{plugin=\"hello\"}", 3.0);
        snapshot.put("nexcage_plugin_calls{plugin=\"docker\"}", 40.0);
        snapshot.put("nexcage_plugins{state=\"active\"}", 2.0);
        snapshot.put("mon.k", 1.5);
        snapshot.put("}{", 1.0);
        List<MetricFamilySamples> families = SnapshotSeries.families(snapshot);
        assertThat(families).extracting(f -> f.name).containsExactly("nexcage_extension_metric", "nexcage_plugin_calls", "nexcage_plugins");
        assertThat(families).allSatisfy(f -> assertThat(f.type).isEqualTo(Collector.Type.GAUGE));
        assertThat(families.get(1).samples).hasSize(2);
    }
}
