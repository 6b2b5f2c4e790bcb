package nexcage.core.internal.integrations;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import nexcage.accounting.admin.PluginUsage;

/**
 * The runtime's metrics as the monitoring extensions' {@code export} gets them (DESIGN §5): names
 * in the Prometheus style with their labels written in ({@code nexcage_plugin_calls{plugin="x"}}),
 * what the core knows, plus what each extension's {@code collect} returned under
 * {@code EXTENSION.KEY}. OSGi-free.
 */
final class MetricSnapshot {

    private MetricSnapshot() {
    }

    /**
     * @param pluginStates each plugin's state word, by name
     * @param pluginHealth each plugin's health word, by name
     * @param backendHealth each backend's health word, by name
     * @param usage the accounting's figures per plugin
     * @param violations violations recorded since the daemon started
     * @param collected what each monitoring extension collected, by its name
     */
    static Map<String, Double> of(Map<String, String> pluginStates, Map<String, String> pluginHealth, Map<String, String> backendHealth,
            List<PluginUsage> usage, long violations, Map<String, Map<String, Double>> collected) {
        Map<String, Double> m = new TreeMap<>();
        for (String state : pluginStates.values()) {
            m.merge("nexcage_plugins{state=\"" + state + "\"}", 1.0, Double::sum);
        }
        pluginHealth.forEach((p, h) -> m.put("nexcage_plugin_healthy{plugin=\"" + p + "\"}", "healthy".equals(h) ? 1.0 : 0.0));
        backendHealth.forEach((b, h) -> m.put("nexcage_backend_healthy{backend=\"" + b + "\"}", "healthy".equals(h) ? 1.0 : 0.0));
        for (PluginUsage u : usage) {
            String l = "{plugin=\"" + u.plugin() + "\"}";
            m.put("nexcage_plugin_calls" + l, (double) u.total().calls());
            m.put("nexcage_plugin_errors" + l, (double) u.total().errors());
            m.put("nexcage_plugin_timeouts" + l, (double) u.total().timeouts());
            m.put("nexcage_plugin_cpu_ms" + l, u.total().cpuMs());
            m.put("nexcage_plugin_allocated_bytes" + l, (double) u.total().allocatedBytes());
            m.put("nexcage_plugin_threads" + l, (double) u.threads());
            m.put("nexcage_plugin_cpu_percent" + l, u.cpuPercent());
        }
        m.put("nexcage_violations", (double) violations);
        collected.forEach((ext, values) -> values.forEach((k, v) -> {
            if (k != null && v != null) {
                m.put(ext + "." + k, v);
            }
        }));
        return m;
    }
}
