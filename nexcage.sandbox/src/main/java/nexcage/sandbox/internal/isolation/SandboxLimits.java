package nexcage.sandbox.internal.isolation;

import nexcage.api.ResourceRequirements;

/**
 * The limits of one sandboxed plugin's child, from its {@code NexCage-Resources} plus what the child
 * JVM needs before the plugin does anything (DESIGN §5): the JVM's own memory, threads and open
 * files are not the plugin's, so each limit is the plugin's figure plus the JVM's measured base.
 */
public record SandboxLimits(int memoryMb, long memoryLimitBytes, int cpuPercent, int threads, int pidsMax, int fileDescriptors,
        int nofile) {

    /**
     * What an idle child (JVM, minimal Felix, SCR, ConfigAdmin, the API and the bridge) keeps
     * resident, in MB, measured with {@code bench/sandbox} (RSS of the child with an empty
     * plugin): the plugin's {@code max_memory_mb} comes on top.
     */
    public static final int JVM_BASE_MEMORY_MB = 160;
    /** The child JVM's own threads (GC, compiler, Felix, SCR, the bridge) and the sandbox's helper processes. */
    public static final int JVM_BASE_TASKS = 64;
    /** Files the child JVM holds open for itself (modules image, bundle jars, the socket, its logs). */
    public static final int JVM_BASE_FILES = 128;

    public static SandboxLimits of(ResourceRequirements r) {
        long memory = (long) (r.maxMemoryMb() + JVM_BASE_MEMORY_MB) * 1024 * 1024;
        return new SandboxLimits(r.maxMemoryMb(), memory, r.maxCpuPercent(), r.maxThreads(), r.maxThreads() + JVM_BASE_TASKS,
                r.maxFileDescriptors(), r.maxFileDescriptors() + JVM_BASE_FILES);
    }

    /** The CPU quota per 100 ms period, in microseconds: {@code max_cpu_percent} of one core. */
    public long cpuQuotaMicros() {
        return cpuPeriodMicros() * cpuPercent / 100;
    }

    public long cpuPeriodMicros() {
        return 100_000;
    }
}
