package nexcage.accounting.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import nexcage.api.ResourceRequirements;
import nexcage.api.ResourceRequirements.Resource;

/** The limits the daemon can watch inside one JVM, and which of them a plugin exceeds now. */
final class Limits {

    static final String MAX_THREADS = Resource.MAX_THREADS.key();
    static final String MAX_CPU_PERCENT = Resource.MAX_CPU_PERCENT.key();
    static final String MAX_DISK_USAGE_MB = Resource.MAX_DISK_USAGE_MB.key();
    static final long MB = 1024 * 1024;

    /** One limit exceeded, with the sentence of its violation (the figure and the limit). */
    record Exceeded(String key, String detail) {
    }

    private Limits() {
    }

    static List<Exceeded> exceeded(ResourceRequirements limits, int threads, double cpuPercent, long diskBytes) {
        List<Exceeded> out = new ArrayList<>(3);
        if (threads > limits.maxThreads()) {
            out.add(new Exceeded(MAX_THREADS, threads + (threads == 1 ? " thread" : " threads") + " running, its limit "
                    + MAX_THREADS + " is " + limits.maxThreads()));
        }
        if (cpuPercent > limits.maxCpuPercent()) {
            out.add(new Exceeded(MAX_CPU_PERCENT, "CPU " + percent(cpuPercent) + "% of one core over the last "
                    + CostWindow.WINDOW_NANOS / 1_000_000_000L + " s, its limit " + MAX_CPU_PERCENT + " is " + limits.maxCpuPercent()));
        }
        if (diskBytes > limits.maxDiskUsageMb() * MB) {
            out.add(new Exceeded(MAX_DISK_USAGE_MB, "data directory holds " + String.format(Locale.ROOT, "%.1f", diskBytes / (double) MB)
                    + " MB, its limit " + MAX_DISK_USAGE_MB + " is " + limits.maxDiskUsageMb()));
        }
        return out;
    }

    /** Whole percents, with a decimal only where the whole number would hide the excess (5.4 over 5). */
    static String percent(double p) {
        return p >= 10 || p == Math.rint(p) ? String.valueOf(Math.round(p)) : String.format(Locale.ROOT, "%.1f", p);
    }
}
