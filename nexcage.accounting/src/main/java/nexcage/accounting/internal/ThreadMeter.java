package nexcage.accounting.internal;

/**
 * The clocks accounting reads: wall time, and a thread's CPU time and allocated bytes. An
 * interface so the tests drive time and CPU by hand instead of sleeping or spinning.
 */
interface ThreadMeter {

    /** Wall time, as {@link System#nanoTime}. */
    long nanoTime();

    /** CPU time of the calling thread in nanoseconds; 0 when the JVM cannot measure it. */
    long currentThreadCpu();

    /** Bytes the calling thread has allocated since it started; 0 when the JVM cannot measure it. */
    long currentThreadAllocated();

    /** CPU time of the live thread {@code threadId}; -1 when it is not alive or cannot be measured. */
    long threadCpu(long threadId);

    /** Bytes allocated by the live thread {@code threadId}; -1 when it is not alive or cannot be measured. */
    long threadAllocated(long threadId);

    /** False when allocation cannot be measured on this JVM or framework (the figures stay 0). */
    boolean measuresAllocation();
}
