package nexcage.metrics.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import nexcage.accounting.admin.UsageFigures;

/** Gathers data points by metric family, in the order families first appear, then builds the snapshots. */
final class Series {

    private enum Type { COUNTER, GAUGE, SUMMARY, HISTOGRAM }

    private record Family(Type type, String help, List<Object> points) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** {@code name} without {@code _total}: the writer adds it. */
    void counter(String name, String help, Labels labels, double value) {
        family(name, Type.COUNTER, help).add(CounterDataPointSnapshot.builder().labels(labels).value(value).build());
    }

    void gauge(String name, String help, Labels labels, double value) {
        family(name, Type.GAUGE, help).add(GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
    }

    /** A latency summary from the accounting's figures (milliseconds), in seconds; it keeps no sum of latencies. */
    void summary(String name, String help, Labels labels, UsageFigures f) {
        Quantiles q = Quantiles.of(List.of(new Quantile(0.5, f.p50Ms() / 1000.0), new Quantile(0.99, f.p99Ms() / 1000.0)));
        family(name, Type.SUMMARY, help).add(SummaryDataPointSnapshot.builder().labels(labels).count(f.calls()).quantiles(q).build());
    }

    /**
     * A classic histogram in seconds: {@code counts[i]} observations in the bucket up to
     * {@code upperBounds[i]} (not cumulative), the last count over the last bound.
     */
    void histogram(String name, String help, Labels labels, double[] upperBounds, long[] counts, double sumSeconds) {
        double[] bounds = Arrays.copyOf(upperBounds, upperBounds.length + 1);
        bounds[upperBounds.length] = Double.POSITIVE_INFINITY;
        family(name, Type.HISTOGRAM, help).add(HistogramDataPointSnapshot.builder().labels(labels)
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts)).sum(sumSeconds).build());
    }

    private List<Object> family(String name, Type type, String help) {
        return families.computeIfAbsent(name, n -> new Family(type, help, new ArrayList<>())).points();
    }

    MetricSnapshots build() {
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        families.forEach((name, f) -> out.metricSnapshot(snapshot(name, f)));
        return out.build();
    }

    private static MetricSnapshot snapshot(String name, Family f) {
        switch (f.type()) {
            case COUNTER: {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(f.help());
                f.points().forEach(p -> b.dataPoint((CounterDataPointSnapshot) p));
                return b.build();
            }
            case GAUGE: {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(f.help());
                f.points().forEach(p -> b.dataPoint((GaugeDataPointSnapshot) p));
                return b.build();
            }
            case HISTOGRAM: {
                HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(name).help(f.help());
                f.points().forEach(p -> b.dataPoint((HistogramDataPointSnapshot) p));
                return b.build();
            }
            default: {
                SummarySnapshot.Builder b = SummarySnapshot.builder().name(name).help(f.help());
                f.points().forEach(p -> b.dataPoint((SummaryDataPointSnapshot) p));
                return b.build();
            }
        }
    }
}
