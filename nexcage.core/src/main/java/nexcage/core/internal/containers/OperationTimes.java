package nexcage.core.internal.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import nexcage.accounting.admin.ClassicBuckets;
import nexcage.core.admin.RuntimeFigures.OperationLatency;

/**
 * How long each backend's calls took, by backend and operation, in fixed classic buckets from the
 * daemon's start, for the Prometheus histogram {@code nexcage_container_operation_duration_seconds}.
 * The accounting keeps log-linear buckets per plugin entry whose edges fall between round
 * seconds, so a histogram read from them would be approximate; counting here is exact and costs
 * two map look-ups, a bucket search and two adder increments per call (a container operation
 * takes a millisecond at least).
 */
public final class OperationTimes {

    /**
     * Upper bounds in seconds: from listing (a millisecond or two) through start and stop (a tenth of
     * a second to the stop timeout) to the streaming calls (an attached run, exec, logs -f), which
     * count their whole duration and mostly land above the last bound.
     */
    static final double[] BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private final Map<String, Map<String, Cell>> byBackend = new ConcurrentHashMap<>();

    /** Counts one call of {@code operation} on {@code backend} that took {@code nanos}. */
    public void record(String backend, String operation, long nanos) {
        Map<String, Cell> ops = byBackend.get(backend);
        if (ops == null) {
            ops = byBackend.computeIfAbsent(backend, b -> new ConcurrentHashMap<>());
        }
        Cell c = ops.get(operation);
        if (c == null) {
            c = ops.computeIfAbsent(operation, o -> new Cell());
        }
        long n = Math.max(nanos, 0);
        c.buckets.record(n);
        c.sumNanos.add(n);
    }

    /** Every backend's and operation's buckets now. */
    public List<OperationLatency> snapshot() {
        List<OperationLatency> out = new ArrayList<>();
        byBackend.forEach((backend, ops) -> ops.forEach((op, c) ->
                out.add(new OperationLatency(backend, op, c.buckets.upperBounds(), c.buckets.counts(), c.sumNanos.sum() / 1e9))));
        return out;
    }

    private static final class Cell {
        final ClassicBuckets buckets = new ClassicBuckets(BOUNDS);
        final LongAdder sumNanos = new LongAdder();
    }
}
