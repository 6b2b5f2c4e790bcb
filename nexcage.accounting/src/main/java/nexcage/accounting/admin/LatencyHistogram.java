package nexcage.accounting.admin;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free log-linear histogram of durations in nanoseconds (HDR-like): 16 sub-buckets per
 * power of two, so a percentile read from a bucket's midpoint is within about 3% of the truth,
 * in 640 counters from 0 ns to about 73 minutes. Recording is one array increment; no
 * third-party histogram is needed and memory stays bounded however many calls are made.
 *
 * <p>Shared by the hook dispatcher's statistics and the accounting of calls into plugins, so both
 * report percentiles the same way. Thread-safe; a percentile read while others record is a
 * consistent estimate of some recent moment.
 */
public final class LatencyHistogram {

    private static final int SUB_BITS = 4;
    private static final int SUB = 1 << SUB_BITS;
    private static final int MAX_EXPONENT = 42;
    private static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /** Counts one duration; negative ones count as 0, huge ones in the last bucket. */
    public void record(long nanos) {
        counts.incrementAndGet(index(nanos));
    }

    /** The bucket a duration falls into. */
    static int index(long nanos) {
        if (nanos < SUB) {
            return (int) Math.max(nanos, 0);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        int sub = (int) (nanos >>> (exponent - SUB_BITS)) & (SUB - 1);
        return Math.min((exponent - SUB_BITS + 1) * SUB + sub, BUCKETS - 1);
    }

    /** The smallest duration that falls into bucket {@code index}. */
    static long lowerBound(int index) {
        if (index < SUB) {
            return index;
        }
        int exponent = index / SUB + SUB_BITS - 1;
        int sub = index % SUB;
        return (1L << exponent) | ((long) sub << (exponent - SUB_BITS));
    }

    /**
     * The duration below which a fraction {@code q} of the recorded ones fall, as the middle of
     * its bucket; 0 when nothing was recorded.
     */
    public long percentile(double q) {
        long total = 0;
        long[] snapshot = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                long low = lowerBound(i);
                long high = i + 1 < BUCKETS ? lowerBound(i + 1) : low;
                return low + (high - low) / 2;
            }
        }
        return lowerBound(BUCKETS - 1);
    }
}
