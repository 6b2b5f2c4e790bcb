package nexcage.accounting.admin;

/**
 * The figures of a plugin's calls, in all or through one entry point. A timed-out call counts as a
 * call, an error and a timeout with its timeout as latency; its CPU and allocation are added when
 * it finally returns.
 */
public record UsageFigures(long calls, long errors, long timeouts, double p50Ms, double p99Ms, double maxMs, double cpuMs,
        long allocatedBytes) {

    public static final UsageFigures ZERO = new UsageFigures(0, 0, 0, 0, 0, 0, 0, 0);
}
