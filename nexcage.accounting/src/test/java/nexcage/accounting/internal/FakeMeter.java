package nexcage.accounting.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Clocks the test sets by hand: wall time, and CPU and allocation per thread id. */
final class FakeMeter implements ThreadMeter {

    volatile long now = 1_000_000_000L;
    final Map<Long, Long> cpu = new ConcurrentHashMap<>();
    final Map<Long, Long> allocated = new ConcurrentHashMap<>();

    void advance(long nanos) {
        now += nanos;
    }

    /** Lets {@code thread} use CPU and allocate. */
    void work(Thread thread, long cpuNanos, long bytes) {
        cpu.merge(thread.getId(), cpuNanos, Long::sum);
        allocated.merge(thread.getId(), bytes, Long::sum);
    }

    void work(long cpuNanos, long bytes) {
        work(Thread.currentThread(), cpuNanos, bytes);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long currentThreadCpu() {
        return cpu.getOrDefault(Thread.currentThread().getId(), 0L);
    }

    @Override
    public long currentThreadAllocated() {
        return allocated.getOrDefault(Thread.currentThread().getId(), 0L);
    }

    @Override
    public long threadCpu(long threadId) {
        return cpu.getOrDefault(threadId, 0L);
    }

    @Override
    public long threadAllocated(long threadId) {
        return allocated.getOrDefault(threadId, 0L);
    }

    @Override
    public boolean measuresAllocation() {
        return true;
    }
}
