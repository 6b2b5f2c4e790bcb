package nexcage.metrics.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.UsageFigures;
import nexcage.core.admin.RuntimeFigures.BackendFigures;
import nexcage.core.admin.RuntimeFigures.OperationLatency;
import nexcage.core.admin.RuntimeFigures.PluginFigures;
import nexcage.hooks.admin.HookLatency;
import nexcage.hooks.admin.HookRegistrationInfo;
import nexcage.security.admin.Violation;

/**
 * The runtime's series, built from its figures at scrape time (no polling thread): per-plugin
 * calls and costs, container operations by backend, hooks, violations, plugin and backend states,
 * and the plugins' own metrics. Container operations' and hook handlers' latencies are histograms
 * (the core and the dispatcher count them in classic buckets); the latencies of calls into plugins
 * are summaries with the accounting's p50 and p99, since it keeps quantiles rather than bucket counts.
 */
public final class NexcageCollector implements MultiCollector {

    /** The limits the accounting watches, each a nexcage_plugin_over_limit series (0 or 1). */
    static final List<String> WATCHED_LIMITS = List.of("max_threads", "max_cpu_percent", "max_disk_usage_mb");

    private final Figures figures;

    public NexcageCollector(Figures figures) {
        this.figures = figures;
    }

    @Override
    public MetricSnapshots collect() {
        Series s = new Series();
        List<PluginUsage> usage = figures.usage();
        pluginUsage(s, usage);
        List<BackendFigures> backends = figures.backends();
        containerOperations(s, usage, backends);
        operationLatencies(s, figures.containerOperations());
        states(s, figures.plugins(), backends);
        hooks(s, figures.hooks());
        hookLatencies(s, figures.hookLatencies());
        violations(s, figures.violations());
        s.gauge("nexcage_ready", "1 once the plugins present at boot are started (what /readyz answers)", Labels.EMPTY,
                figures.ready() ? 1 : 0);
        return s.build();
    }

    private static void pluginUsage(Series s, List<PluginUsage> usage) {
        for (PluginUsage u : usage) {
            for (Map.Entry<String, UsageFigures> e : u.byEntry().entrySet()) {
                if (e.getKey().equals(PluginAccounting.THREADS)) {
                    continue; // its own threads: CPU and allocation only, in the plugin's totals
                }
                Labels l = Labels.of("plugin", u.plugin(), "entry", e.getKey());
                UsageFigures f = e.getValue();
                s.counter("nexcage_plugin_calls", "Calls into the plugin by entry point", l, f.calls());
                s.counter("nexcage_plugin_errors", "Calls into the plugin that failed, by entry point", l, f.errors());
                s.counter("nexcage_plugin_timeouts", "Calls into the plugin its caller gave up on, by entry point", l, f.timeouts());
                s.summary("nexcage_plugin_call_duration_seconds", "Latency of calls into the plugin by entry point", l, f);
            }
            Labels p = Labels.of("plugin", u.plugin());
            s.counter("nexcage_plugin_cpu_seconds", "CPU time of the plugin's calls and threads", p, u.total().cpuMs() / 1000.0);
            s.counter("nexcage_plugin_allocated_bytes", "Bytes the plugin's calls and threads allocated", p, u.total().allocatedBytes());
            s.gauge("nexcage_plugin_threads", "Threads the plugin started that still run", p, u.threads());
            s.gauge("nexcage_plugin_disk_bytes", "Size of the plugin's data directory", p, u.diskBytes());
            for (String limit : WATCHED_LIMITS) {
                s.gauge("nexcage_plugin_over_limit", "1 while the plugin exceeds this declared limit",
                        Labels.of("plugin", u.plugin(), "limit", limit), u.overLimit().contains(limit) ? 1 : 0);
            }
        }
    }

    /** A backend's operations are its plugin's {@code backend:OP} entries. */
    private static void containerOperations(Series s, List<PluginUsage> usage, List<BackendFigures> backends) {
        Map<String, PluginUsage> byPlugin = new HashMap<>();
        usage.forEach(u -> byPlugin.put(u.plugin(), u));
        for (BackendFigures b : backends) {
            PluginUsage u = byPlugin.get(b.plugin());
            if (u == null) {
                continue;
            }
            for (Map.Entry<String, UsageFigures> e : u.byEntry().entrySet()) {
                if (!e.getKey().startsWith(PluginAccounting.BACKEND)) {
                    continue;
                }
                Labels l = Labels.of("backend", b.backend(), "operation", e.getKey().substring(PluginAccounting.BACKEND.length()));
                s.counter("nexcage_container_operations", "Container operations by backend", l, e.getValue().calls());
                s.counter("nexcage_container_operation_errors", "Container operations that failed, by backend", l, e.getValue().errors());
            }
        }
    }

    /** The core times each backend call in classic buckets: a real histogram, which Prometheus can aggregate and take quantiles of. */
    private static void operationLatencies(Series s, List<OperationLatency> latencies) {
        for (OperationLatency o : latencies) {
            s.histogram("nexcage_container_operation_duration_seconds", "Latency of container operations by backend",
                    Labels.of("backend", o.backend(), "operation", o.operation()), o.upperBounds(), o.counts(), o.sumSeconds());
        }
    }

    private static void states(Series s, List<PluginFigures> plugins, List<BackendFigures> backends) {
        for (PluginFigures p : plugins) {
            s.gauge("nexcage_plugin_state", "1 for the plugin's current state", Labels.of("plugin", p.plugin(), "state", p.state()), 1);
            s.gauge("nexcage_plugin_health", "1 for the plugin's current health", Labels.of("plugin", p.plugin(), "health", p.health()), 1);
            p.metrics().forEach((name, value) -> s.gauge("nexcage_plugin_metric", "A metric the plugin registered through PluginMetrics",
                    Labels.of("plugin", p.plugin(), "name", name), value));
        }
        for (BackendFigures b : backends) {
            s.gauge("nexcage_backend_health", "1 for the backend's current health",
                    Labels.of("backend", b.backend(), "plugin", b.plugin(), "health", b.health()), 1);
            s.gauge("nexcage_backend_up", "1 while the backend is healthy", Labels.of("backend", b.backend()),
                    "healthy".equals(b.health()) ? 1 : 0);
        }
    }

    /** A plugin may register several handlers for one hook: their figures add up in one series. */
    private static void hooks(Series s, List<HookRegistrationInfo> registrations) {
        Map<Labels, HookSum> sums = new HashMap<>();
        for (HookRegistrationInfo r : registrations) {
            sums.computeIfAbsent(Labels.of("hook", r.hook(), "plugin", r.plugin()), k -> new HookSum()).add(r);
        }
        sums.forEach((l, h) -> {
            s.counter("nexcage_hook_runs", "Runs of the plugin's handlers of the hook", l, h.runs);
            s.counter("nexcage_hook_failures", "Handler runs that failed", l, h.failures);
            s.counter("nexcage_hook_timeouts", "Handler runs that timed out", l, h.timeouts);
            s.counter("nexcage_hook_vetoes", "Handler runs that vetoed the operation", l, h.vetoes);
        });
    }

    /** The buckets of a plugin's handlers of one hook add up, as their counters do (the dispatcher uses one set of bounds). */
    private static void hookLatencies(Series s, List<HookLatency> latencies) {
        Map<Labels, HookLatency> sums = new LinkedHashMap<>();
        for (HookLatency h : latencies) {
            sums.merge(Labels.of("hook", h.hook(), "plugin", h.plugin()), h, NexcageCollector::add);
        }
        sums.forEach((l, h) -> s.histogram("nexcage_hook_duration_seconds", "Latency of the plugin's handlers of the hook", l,
                h.upperBounds(), h.counts(), h.sumSeconds()));
    }

    private static HookLatency add(HookLatency a, HookLatency b) {
        long[] counts = a.counts().clone();
        for (int i = 0; i < counts.length && i < b.counts().length; i++) {
            counts[i] += b.counts()[i];
        }
        return new HookLatency(a.hook(), a.plugin(), a.upperBounds(), counts, a.sumSeconds() + b.sumSeconds());
    }

    private static void violations(Series s, List<Violation> violations) {
        Map<Labels, Long> counts = new HashMap<>();
        for (Violation v : violations) {
            counts.merge(Labels.of("plugin", v.plugin(), "kind", v.kind()), v.count(), Long::sum);
        }
        counts.forEach((l, n) -> s.counter("nexcage_violations", "Violations of capabilities, hidden services and limits", l, n));
    }

    private static final class HookSum {
        long runs;
        long failures;
        long timeouts;
        long vetoes;

        void add(HookRegistrationInfo r) {
            runs += r.executions();
            failures += r.failures();
            timeouts += r.timeouts();
            vetoes += r.vetoes();
        }
    }
}
