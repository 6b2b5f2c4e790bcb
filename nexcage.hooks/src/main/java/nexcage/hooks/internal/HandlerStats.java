package nexcage.hooks.internal;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import nexcage.accounting.admin.ClassicBuckets;
import nexcage.accounting.admin.LatencyHistogram;

/** Counters and latencies of one registration; written by dispatching threads without locks. */
final class HandlerStats {

    private final LongAdder executions = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder vetoes = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final LongAccumulator minNanos = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    private final LatencyHistogram histogram = new LatencyHistogram();
    /** For the Prometheus histogram: a runtime handler's microseconds up to a slow plugin handler's timeout (5 s by default). */
    private final ClassicBuckets buckets = new ClassicBuckets(BOUNDS);

    static final double[] BOUNDS = {0.00001, 0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    void record(long nanos, boolean failed) {
        executions.increment();
        if (failed) {
            failures.increment();
        }
        totalNanos.add(nanos);
        minNanos.accumulate(nanos);
        maxNanos.accumulate(nanos);
        histogram.record(nanos);
        buckets.record(nanos);
    }

    /** A timed-out call counts as a failure that took its whole timeout. */
    void recordTimeout(long timeoutNanos) {
        timeouts.increment();
        record(timeoutNanos, true);
    }

    void recordVeto() {
        vetoes.increment();
    }

    long executions() {
        return executions.sum();
    }

    long failures() {
        return failures.sum();
    }

    long timeouts() {
        return timeouts.sum();
    }

    long vetoes() {
        return vetoes.sum();
    }

    ClassicBuckets buckets() {
        return buckets;
    }

    double sumSeconds() {
        return totalNanos.sum() / 1e9;
    }

    double minMs() {
        long min = minNanos.get();
        return min == Long.MAX_VALUE ? 0 : ms(min);
    }

    double maxMs() {
        return ms(maxNanos.get());
    }

    double avgMs() {
        long n = executions.sum();
        return n == 0 ? 0 : ms(totalNanos.sum() / n);
    }

    /** The histogram's estimate, kept between the fastest and the slowest call, where a percentile must lie. */
    double p99Ms() {
        if (executions.sum() == 0) {
            return 0;
        }
        return ms(Math.max(minNanos.get(), Math.min(histogram.percentile(0.99), maxNanos.get())));
    }

    /** Milliseconds with microsecond resolution, so the JSON stays short and readable. */
    private static double ms(long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }
}
