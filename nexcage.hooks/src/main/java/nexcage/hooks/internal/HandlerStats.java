package nexcage.hooks.internal;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

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

    void record(long nanos, boolean failed) {
        executions.increment();
        if (failed) {
            failures.increment();
        }
        totalNanos.add(nanos);
        minNanos.accumulate(nanos);
        maxNanos.accumulate(nanos);
        histogram.record(nanos);
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
