package nexcage.core.internal.guard;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import nexcage.security.admin.HiddenFromPlugins;

/**
 * The plugins' own metrics ({@code metrics}): counters and gauges by plugin and name, the only
 * holder of that state. A plugin's metrics go when it is uninstalled (not on a reload, which is an
 * update of the same plugin). The logic is plain: tests build it with {@code new}.
 */
@Component(service = PluginMetricsStore.class)
public class PluginMetricsStore {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /** Metrics per plugin: enough for any dashboard, and a plugin that makes names in a loop cannot fill the heap. */
    static final int MAX_PER_PLUGIN = 256;

    private enum Kind { COUNTER, GAUGE }

    private record Metric(Kind kind, double value) {
    }

    private final Map<String, Map<String, Metric>> byPlugin = new ConcurrentHashMap<>();
    private BundleContext context;
    private final BundleListener onUninstall = event -> {
        String plugin = HiddenFromPlugins.pluginName(event.getBundle().getLocation());
        if (event.getType() == BundleEvent.UNINSTALLED && plugin != null) {
            clear(plugin);
        }
    };

    @Activate
    void activate(BundleContext ctx) {
        this.context = ctx;
        ctx.addBundleListener(onUninstall);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(onUninstall);
    }

    /** Adds {@code delta} to the counter; a counter saturates at Long.MAX_VALUE rather than wrapping. */
    public void increment(String plugin, String name, long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("counter " + name + " only grows; pass a delta of 0 or more (got " + delta
                    + "), or use a gauge for a value that goes down");
        }
        update(plugin, name, Kind.COUNTER, old -> {
            double next = old + delta;
            return next >= Long.MAX_VALUE ? Long.MAX_VALUE : next;
        });
    }

    public void gauge(String plugin, String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("gauge " + name + " must be a finite number, not " + value);
        }
        update(plugin, name, Kind.GAUGE, old -> value);
    }

    /** The plugin's metrics by name, in name order; empty when it has none. */
    public Map<String, Double> snapshot(String plugin) {
        Map<String, Metric> m = byPlugin.get(plugin);
        Map<String, Double> out = new TreeMap<>();
        if (m != null) {
            synchronized (m) {
                m.forEach((k, v) -> out.put(k, v.value()));
            }
        }
        return out;
    }

    public void clear(String plugin) {
        byPlugin.remove(plugin);
    }

    private void update(String plugin, String name, Kind kind, java.util.function.DoubleUnaryOperator next) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "' is not allowed; use 1 to 64 of a-z, 0-9 and _,"
                    + " starting with a letter, e.g. requests_total");
        }
        Map<String, Metric> m = byPlugin.computeIfAbsent(plugin, p -> new TreeMap<>());
        synchronized (m) {
            Metric old = m.get(name);
            if (old == null && m.size() >= MAX_PER_PLUGIN) {
                throw new IllegalStateException("plugin " + plugin + " already has " + MAX_PER_PLUGIN + " metrics, the most it may"
                        + " have; reuse names rather than making new ones");
            }
            if (old != null && old.kind() != kind) {
                throw new IllegalArgumentException("metric " + name + " is a " + old.kind().name().toLowerCase(java.util.Locale.ROOT) + ", not a "
                        + kind.name().toLowerCase(java.util.Locale.ROOT) + "; give the " + kind.name().toLowerCase(java.util.Locale.ROOT) + " a name of its own");
            }
            m.put(name, new Metric(kind, next.applyAsDouble(old == null ? 0 : old.value())));
        }
    }
}
