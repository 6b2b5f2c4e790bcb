package nexcage.accounting.internal;

import java.lang.management.ThreadMXBean;

/**
 * HotSpot's per-thread allocation counter ({@code com.sun.management.ThreadMXBean}). The only class
 * of the bundle that names {@code com.sun.management}, so that where the package cannot be wired
 * (an optional import left unresolved) only {@link #load} fails, and it says so by returning null.
 */
final class HotSpotAllocations {

    private final com.sun.management.ThreadMXBean threads;

    private HotSpotAllocations(com.sun.management.ThreadMXBean threads) {
        this.threads = threads;
    }

    /** The counter, or null when the package is not visible or the JVM does not count allocation. */
    static HotSpotAllocations load(ThreadMXBean threads) {
        try {
            return Holder.of(threads);
        } catch (LinkageError e) {
            return null;
        }
    }

    long current() {
        return threads.getCurrentThreadAllocatedBytes();
    }

    long of(long threadId) {
        return threads.getThreadAllocatedBytes(threadId);
    }

    /** Kept apart so that a missing com.sun.management surfaces as a LinkageError inside {@link #load}. */
    private static final class Holder {
        static HotSpotAllocations of(ThreadMXBean threads) {
            if (!(threads instanceof com.sun.management.ThreadMXBean sun)) {
                return null;
            }
            try {
                if (!sun.isThreadAllocatedMemorySupported()) {
                    return null;
                }
                if (!sun.isThreadAllocatedMemoryEnabled()) {
                    sun.setThreadAllocatedMemoryEnabled(true);
                }
                return sun.isThreadAllocatedMemoryEnabled() ? new HotSpotAllocations(sun) : null;
            } catch (UnsupportedOperationException | SecurityException e) {
                return null;
            }
        }
    }
}
