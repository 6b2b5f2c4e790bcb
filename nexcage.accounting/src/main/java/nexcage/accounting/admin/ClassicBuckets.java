package nexcage.accounting.admin;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts durations in fixed buckets, as a Prometheus classic histogram wants them: a duration
 * falls into the first bucket whose upper bound (seconds) it does not exceed, or the last one,
 * over every bound. Exact, unlike {@link LatencyHistogram}'s buckets, whose edges fall between
 * round seconds. Recording is a search over a dozen bounds and one adder increment; thread-safe
 * without locks. Shared by the core's container operations and the hook dispatcher's handlers.
 */
public final class ClassicBuckets {

    private final double[] upperBounds;
    private final long[] boundNanos;
    private final LongAdder[] counts;

    /** {@code upperBounds}: seconds, ascending, without +Inf (its bucket is added). */
    public ClassicBuckets(double... upperBounds) {
        this.upperBounds = upperBounds.clone();
        this.boundNanos = new long[upperBounds.length];
        for (int i = 0; i < upperBounds.length; i++) {
            if (i > 0 && upperBounds[i] <= upperBounds[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must ascend: " + upperBounds[i - 1] + " then " + upperBounds[i]);
            }
            boundNanos[i] = Math.round(upperBounds[i] * 1e9);
        }
        this.counts = new LongAdder[upperBounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** Counts one duration; a negative one (a clock step back) counts as 0. */
    public void record(long nanos) {
        int i = 0;
        while (i < boundNanos.length && nanos > boundNanos[i]) {
            i++;
        }
        counts[i].increment();
    }

    /** The upper bounds in seconds, without +Inf. */
    public double[] upperBounds() {
        return upperBounds.clone();
    }

    /** The count of each bucket now, not cumulative; the last is of the durations over every bound. */
    public long[] counts() {
        long[] n = new long[counts.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = counts[i].sum();
        }
        return n;
    }
}
