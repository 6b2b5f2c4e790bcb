package nexcage.accounting.internal;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import nexcage.accounting.admin.LatencyHistogram;
import nexcage.accounting.admin.UsageFigures;

/** The running figures of one plugin's calls, through one entry point or in all; written without locks. */
final class EntryLedger {

    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder cpuNanos = new LongAdder();
    private final LongAdder allocatedBytes = new LongAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    private final LatencyHistogram latency = new LatencyHistogram();

    void call(long nanos, boolean failed) {
        calls.increment();
        if (failed) {
            errors.increment();
        }
        maxNanos.accumulate(nanos);
        latency.record(nanos);
    }

    void timeout(long waitedNanos) {
        timeouts.increment();
        call(waitedNanos, true);
    }

    void cost(long cpu, long allocated) {
        if (cpu > 0) {
            cpuNanos.add(cpu);
        }
        if (allocated > 0) {
            allocatedBytes.add(allocated);
        }
    }

    long cpuNanos() {
        return cpuNanos.sum();
    }

    long allocatedBytes() {
        return allocatedBytes.sum();
    }

    /** The percentiles are the histogram's estimates, kept at or below the slowest call, where they must lie. */
    UsageFigures figures() {
        long n = calls.sum();
        long max = maxNanos.get();
        double p50 = n == 0 ? 0 : ms(Math.min(latency.percentile(0.5), max));
        double p99 = n == 0 ? 0 : ms(Math.min(latency.percentile(0.99), max));
        return new UsageFigures(n, errors.sum(), timeouts.sum(), p50, p99, ms(max), ms(cpuNanos.sum()), allocatedBytes.sum());
    }

    /** Milliseconds with microsecond resolution. */
    static double ms(long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }
}
