package nexcage.bench.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.UsageFigures;
import nexcage.core.admin.RuntimeFigures.BackendFigures;
import nexcage.core.admin.RuntimeFigures.OperationLatency;
import nexcage.core.admin.RuntimeFigures.PluginFigures;
import nexcage.hooks.admin.HookLatency;
import nexcage.hooks.admin.HookRegistrationInfo;
import nexcage.metrics.internal.Figures;
import nexcage.metrics.internal.NexcageCollector;
import nexcage.security.admin.Violation;

/**
 * One /metrics scrape (collect and write the text format) with {@code plugins} fake plugins of
 * five entry points, two hook handlers (each a latency histogram of 17 buckets), three own metrics
 * and one violation each, and the docker backend's eleven operations as latency histograms of 16
 * buckets, beside the
 * anchor: the same number of data points as plain counters and gauges of the Prometheus client.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScrapeBenchmark {

    @Param("100")
    public int plugins;

    private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();
    private PrometheusRegistry nexcage;
    private PrometheusRegistry plain;

    /** Fake figures, built once: the benchmark measures the scrape, not the accounting. */
    private record Fake(List<PluginUsage> usage, List<HookRegistrationInfo> hooks, List<HookLatency> hookLatencies, List<Violation> violations,
            List<PluginFigures> plugins, List<BackendFigures> backends, List<OperationLatency> containerOperations, boolean ready)
            implements Figures {
    }

    @Setup
    public void setUp() {
        List<PluginUsage> usage = new ArrayList<>();
        List<HookRegistrationInfo> hooks = new ArrayList<>();
        List<HookLatency> hookLatencies = new ArrayList<>();
        double[] hookBounds = {0.00001, 0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
        long[] hookCounts = new long[hookBounds.length + 1];
        java.util.Arrays.fill(hookCounts, 30);
        List<Violation> violations = new ArrayList<>();
        List<PluginFigures> states = new ArrayList<>();
        String[] entries = {"command:run", "hook:container.pre_create", "lifecycle:start", "backend:create", "backend:start"};
        for (int p = 0; p < plugins; p++) {
            String name = "bench-plugin-" + p;
            Map<String, UsageFigures> byEntry = new LinkedHashMap<>();
            for (int e = 0; e < entries.length; e++) {
                byEntry.put(entries[e], new UsageFigures(1000L * (e + 1), e, 0, 0.4 * (e + 1), 3.2, 8.0, 90.0, 1L << 20));
            }
            usage.add(new PluginUsage(name, new UsageFigures(15_000, 10, 0, 0.8, 3.2, 8.0, 450.0, 5L << 20), byEntry, 2,
                    1L << 16, 0.3, 2048, Map.of(), List.of(), true));
            for (String hook : new String[] {"container.pre_create", "container.post_start"}) {
                hooks.add(new HookRegistrationInfo(hook, name, p, "normal", 5000, false, true, 500, 1, 0, 0, 0.1, 0.3, 2.0, 1.1));
                hookLatencies.add(new HookLatency(hook, name, hookBounds, hookCounts, 0.15));
            }
            violations.add(new Violation(Instant.EPOCH, name, "network", "connect", "example.org:443", 4));
            states.add(new PluginFigures(name, "active", "healthy", Map.of("queue_length", 3.0, "jobs_done", 42.0, "errors", 0.0)));
        }
        List<BackendFigures> backends = List.of(new BackendFigures("docker", "bench-plugin-0", "healthy"));
        nexcage = new PrometheusRegistry();
        nexcage.register(new NexcageCollector(new Fake(usage, hooks, hookLatencies, violations, states, backends, latencies(), true)));
        plain = plainRegistryOfTheSameSize(nexcage.scrape());
    }

    /** The docker backend's eleven operations, each with calls in every one of the core's 16 buckets. */
    private static List<OperationLatency> latencies() {
        double[] bounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
        List<OperationLatency> out = new ArrayList<>();
        for (String op : new String[] {"create", "start", "stop", "kill", "delete", "list", "info", "exec", "logs", "start_attached", "health"}) {
            long[] counts = new long[bounds.length + 1];
            java.util.Arrays.fill(counts, 7);
            out.add(new OperationLatency("docker", op, bounds, counts, 123.4));
        }
        return out;
    }

    /** As many counter and gauge data points as the NexCage scrape has, made the ordinary way. */
    private static PrometheusRegistry plainRegistryOfTheSameSize(MetricSnapshots snapshots) {
        int points = 0;
        for (MetricSnapshot s : snapshots) {
            points += s.getDataPoints().size();
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter counter = Counter.builder().name("plain_calls").help("calls").labelNames("plugin", "entry").register(registry);
        Gauge gauge = Gauge.builder().name("plain_level").help("level").labelNames("plugin", "entry").register(registry);
        for (int i = 0; i < points; i++) {
            String plugin = "bench-plugin-" + (i / 40);
            String entry = "entry-" + (i % 20);
            if (i % 40 < 20) {
                counter.labelValues(plugin, entry).inc(i);
            } else {
                gauge.labelValues(plugin, entry).set(i);
            }
        }
        return registry;
    }

    private static int write(PrometheusRegistry registry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        TEXT.write(out, registry.scrape());
        return out.size();
    }

    @Benchmark
    public int nexcageScrape() throws IOException {
        return write(nexcage);
    }

    @Benchmark
    public int plainRegistryScrape() throws IOException {
        return write(plain);
    }
}
