package nexcage.core.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PluginMetricsStoreTest {
    private final PluginMetricsStore store = new PluginMetricsStore();

    @Test
    void countersAddAndGaugesSetPerPlugin() {
        store.increment("a", "requests_total", 2);
        store.increment("a", "requests_total", 3);
        store.gauge("a", "queue", 1.5);
        store.gauge("a", "queue", 0.5);
        store.increment("b", "requests_total", 1);
        assertThat(store.snapshot("a")).isEqualTo(Map.of("requests_total", 5.0, "queue", 0.5));
        assertThat(store.snapshot("b")).isEqualTo(Map.of("requests_total", 1.0));
        assertThat(store.snapshot("c")).isEmpty();
    }

    @Test
    void clearForgetsOnePlugin() {
        store.increment("a", "x", 1);
        store.increment("b", "x", 1);
        store.clear("a");
        assertThat(store.snapshot("a")).isEmpty();
        assertThat(store.snapshot("b")).containsKey("x");
    }

    @Test
    void namesFollowTheRule() {
        store.gauge("a", "a", 1);
        store.gauge("a", "a" + "b".repeat(63), 1);
        for (String bad : new String[] {"", "A", "1a", "_a", "a-b", "a.b", "a" + "b".repeat(64), null}) {
            assertThatThrownBy(() -> store.increment("a", bad, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a-z");
        }
    }

    @Test
    void refusesNegativeDeltasOddGaugesAndKindChanges() {
        assertThatThrownBy(() -> store.increment("a", "c", -1)).hasMessageContaining("only grows");
        assertThatThrownBy(() -> store.gauge("a", "g", Double.NaN)).hasMessageContaining("finite");
        store.increment("a", "c", 1);
        assertThatThrownBy(() -> store.gauge("a", "c", 1)).hasMessageContaining("is a counter");
    }

    @Test
    void countersSaturateAndPluginsHaveABoundedNumberOfMetrics() {
        store.increment("a", "big", Long.MAX_VALUE);
        store.increment("a", "big", Long.MAX_VALUE);
        assertThat(store.snapshot("a").get("big")).isEqualTo((double) Long.MAX_VALUE);
        for (int i = 1; i < PluginMetricsStore.MAX_PER_PLUGIN; i++) {
            store.gauge("a", "g" + i, i);
        }
        assertThatThrownBy(() -> store.gauge("a", "one_more", 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(String.valueOf(PluginMetricsStore.MAX_PER_PLUGIN));
        store.gauge("a", "g1", 7); // an existing one still moves
    }
}
