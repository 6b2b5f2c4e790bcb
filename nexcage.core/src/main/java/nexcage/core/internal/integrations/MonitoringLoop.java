package nexcage.core.internal.integrations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import nexcage.api.monitoring.MonitoringExtension;

/**
 * The monitoring extensions and the calls into them (DESIGN §5), OSGi-free: each round collects
 * from every extension, builds the snapshot from what was collected, and exports it to every one;
 * an alert goes to every one. Each call runs under its plugin's timeout as
 * {@code monitoring:collect|export|alert}; one that fails is reported about its plugin and the
 * others go on.
 */
final class MonitoringLoop {
    static final String COLLECT = "monitoring:collect";
    static final String EXPORT = "monitoring:export";
    static final String ALERT = "monitoring:alert";

    /** One registered extension, its name and plugin, and how to call into that plugin. */
    record Monitor(MonitoringExtension extension, String name, String plugin, PluginCaller caller) {
    }

    /** Told each failed call: the plugin, and a sentence. */
    interface Failures {
        void failed(String plugin, String message);
    }

    private final List<Monitor> monitors = new CopyOnWriteArrayList<>();
    private final Failures failures;

    MonitoringLoop(Failures failures) {
        this.failures = failures;
    }

    void add(Monitor m) {
        monitors.add(m);
    }

    void remove(MonitoringExtension e) {
        monitors.removeIf(m -> m.extension() == e);
    }

    boolean isEmpty() {
        return monitors.isEmpty();
    }

    /** One round: {@code snapshot} makes the runtime's metrics from what each extension collected, by its name. */
    void round(Function<Map<String, Map<String, Double>>, Map<String, Double>> snapshot) {
        Map<String, Map<String, Double>> collected = new LinkedHashMap<>();
        for (Monitor m : monitors) {
            Map<String, Double> values = call(m, COLLECT, "collect", m.extension()::collect);
            if (values != null) {
                collected.put(m.name(), values);
            }
        }
        Map<String, Double> metrics = Map.copyOf(snapshot.apply(collected));
        for (Monitor m : monitors) {
            call(m, EXPORT, "export", () -> {
                m.extension().export(metrics);
                return null;
            });
        }
    }

    void alert(String severity, String message) {
        for (Monitor m : monitors) {
            call(m, ALERT, "alert", () -> {
                m.extension().alert(severity, message);
                return null;
            });
        }
    }

    private <T> T call(Monitor m, String entry, String what, java.util.concurrent.Callable<T> body) {
        try {
            return m.caller().call(entry, what + " of monitoring extension " + m.name(), body);
        } catch (Exception e) {
            failures.failed(m.plugin(), e.getMessage());
            return null;
        }
    }
}
