package nexcage.accounting.admin;

import java.util.List;
import java.util.Map;

/**
 * What one plugin costs now.
 *
 * @param plugin its name
 * @param total its calls through every entry point, plus its own threads' CPU and allocation
 * @param byEntry the same per entry point ({@code command:hello}, ..., and {@link PluginAccounting#THREADS})
 * @param threads the threads it started that still run (from its thread factory, or seen running its code)
 * @param diskBytes the size of its data directory when last measured
 * @param cpuPercent its CPU time (calls and threads) over the last window, in percent of one core
 * @param allocatedBytesPerSecond what its calls and threads allocated per second over the same window
 * @param limits its declared limits by manifest key (all seven)
 * @param overLimit the watched limits it exceeds now ({@code max_threads}, {@code max_cpu_percent},
 *     {@code max_disk_usage_mb}); empty when none
 * @param watched whether it is watched now (it runs)
 */
public record PluginUsage(String plugin, UsageFigures total, Map<String, UsageFigures> byEntry, int threads, long diskBytes,
        double cpuPercent, long allocatedBytesPerSecond, Map<String, Integer> limits, List<String> overLimit, boolean watched) {
}
