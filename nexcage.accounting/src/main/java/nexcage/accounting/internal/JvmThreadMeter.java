package nexcage.accounting.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Consumer;

/**
 * The JVM's own thread clocks: {@link ThreadMXBean} for CPU time and, where the framework lets this
 * bundle see {@code com.sun.management} (runtime.bndrun puts it in the system packages; the import is
 * optional), HotSpot's per-thread allocation counter. Where a clock is missing its figures are 0,
 * said once in the log, and the rest of the accounting goes on.
 */
final class JvmThreadMeter implements ThreadMeter {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean cpu;
    private final HotSpotAllocations allocations;

    JvmThreadMeter(Consumer<String> warn) {
        cpu = enableCpuTime(threads);
        if (!cpu) {
            warn.accept("this JVM cannot measure the CPU time of threads, so plugin CPU figures and max_cpu_percent stay at 0; "
                    + "run the daemon on a HotSpot JVM (OpenJDK) to have them");
        }
        allocations = allocations(threads);
        if (allocations == null) {
            warn.accept("com.sun.management is not visible to nexcage.accounting, so plugin allocation figures stay at 0; "
                    + "add com.sun.management to the framework's system packages (runtime.bndrun -runsystempackages) to have them");
        }
    }

    private static HotSpotAllocations allocations(ThreadMXBean threads) {
        try {
            return HotSpotAllocations.load(threads);
        } catch (LinkageError e) {
            // the verifier may load com.sun.management with the class itself
            return null;
        }
    }

    private static boolean enableCpuTime(ThreadMXBean threads) {
        try {
            if (!threads.isCurrentThreadCpuTimeSupported()) {
                return false;
            }
            if (!threads.isThreadCpuTimeEnabled()) {
                threads.setThreadCpuTimeEnabled(true);
            }
            return threads.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long currentThreadCpu() {
        return cpu ? threads.getCurrentThreadCpuTime() : 0;
    }

    @Override
    public long currentThreadAllocated() {
        return allocations == null ? 0 : allocations.current();
    }

    @Override
    public long threadCpu(long threadId) {
        return cpu ? threads.getThreadCpuTime(threadId) : -1;
    }

    @Override
    public long threadAllocated(long threadId) {
        return allocations == null ? -1 : allocations.of(threadId);
    }

    @Override
    public boolean measuresAllocation() {
        return allocations != null;
    }
}
