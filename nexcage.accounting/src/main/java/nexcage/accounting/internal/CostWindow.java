package nexcage.accounting.internal;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A plugin's CPU time and allocation over a sliding window, from samples of its running totals
 * taken about once a second: the growth since the sample a window ago, divided by the window (or by
 * the time actually covered when the samples are further apart), so a burst at start does not read
 * as a whole core for its first second.
 */
final class CostWindow {

    static final long WINDOW_NANOS = 10_000_000_000L;

    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private double cpuPercent;
    private long allocatedPerSecond;

    /** Adds the totals read at {@code now}; samples older than the window's start are dropped. */
    void add(long now, long cpuNanos, long allocatedBytes) {
        samples.addLast(new long[] {now, cpuNanos, allocatedBytes});
        // keep the newest sample that is at least a window old: it is where the window starts
        while (samples.size() > 1) {
            Iterator<long[]> it = samples.iterator();
            it.next();
            long[] second = it.next();
            if (now - second[0] >= WINDOW_NANOS) {
                samples.removeFirst();
            } else {
                break;
            }
        }
        long[] base = samples.getFirst();
        double seconds = Math.max(now - base[0], WINDOW_NANOS) / 1e9;
        cpuPercent = Math.round((cpuNanos - base[1]) / 1e9 / seconds * 1000) / 10.0;
        allocatedPerSecond = (long) ((allocatedBytes - base[2]) / seconds);
    }

    void clear() {
        samples.clear();
        cpuPercent = 0;
        allocatedPerSecond = 0;
    }

    /** CPU time in the window in percent of one core (as {@code docker stats}: 200 is two cores busy). */
    double cpuPercent() {
        return cpuPercent;
    }

    long allocatedPerSecond() {
        return allocatedPerSecond;
    }
}
