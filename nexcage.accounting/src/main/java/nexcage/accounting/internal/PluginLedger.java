package nexcage.accounting.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.UsageFigures;
import nexcage.accounting.admin.WatchedPlugin;
import nexcage.api.ResourceRequirements;

/**
 * Everything measured about one plugin, kept by name from the daemon's start across its reloads:
 * its calls per entry point and in all (written by the calling threads, without locks), and what
 * the sampler last found (threads, disk, CPU window, limits exceeded).
 */
final class PluginLedger {

    final String name;
    final EntryLedger total = new EntryLedger();
    private final Map<String, EntryLedger> entries = new ConcurrentHashMap<>();
    final AtomicInteger threadSerial = new AtomicInteger();
    /** Sampler-owned state: only the sampler thread touches it. */
    final Sampled sampled = new Sampled();

    private volatile WatchedPlugin watched;
    /** Grows with every watch, so the sampler starts a new watch afresh (window, limits crossed, disk). */
    private volatile int watchEpoch;
    private volatile Map<String, Integer> limits = ResourceRequirements.DEFAULTS.asMap();
    private volatile int threads;
    private volatile long diskBytes;
    private volatile double cpuPercent;
    private volatile long allocatedPerSecond;
    private volatile List<String> overLimit = List.of();

    PluginLedger(String name) {
        this.name = name;
    }

    /** The sampler's working state for this plugin. */
    static final class Sampled {
        final CostWindow window = new CostWindow();
        List<String> over = List.of();
        boolean diskMeasured;
        long diskMeasuredAt;
        boolean diskTruncationSaid;
        int epoch;
    }

    EntryLedger entry(String entryName) {
        EntryLedger e = entries.get(entryName);
        return e != null ? e : entries.computeIfAbsent(entryName, k -> new EntryLedger());
    }

    EntryLedger threadsEntry() {
        return entry(PluginAccounting.THREADS);
    }

    void charge(EntryLedger e, long cpu, long allocated) {
        e.cost(cpu, allocated);
        total.cost(cpu, allocated);
    }

    WatchedPlugin watched() {
        return watched;
    }

    void watch(WatchedPlugin plugin) {
        limits = plugin.limits().asMap();
        watchEpoch++;
        watched = plugin;
    }

    int watchEpoch() {
        return watchEpoch;
    }

    void unwatch() {
        watched = null;
        cpuPercent = 0;
        allocatedPerSecond = 0;
        overLimit = List.of();
    }

    void sampled(int threadCount, double cpu, long allocated, List<String> over) {
        threads = threadCount;
        cpuPercent = cpu;
        allocatedPerSecond = allocated;
        overLimit = List.copyOf(over);
    }

    void threads(int count) {
        threads = count;
    }

    void disk(long bytes) {
        diskBytes = bytes;
    }

    long diskBytes() {
        return diskBytes;
    }

    PluginUsage usage() {
        Map<String, UsageFigures> byEntry = new LinkedHashMap<>();
        new TreeMap<>(entries).forEach((k, v) -> byEntry.put(k, v.figures()));
        return new PluginUsage(name, total.figures(), byEntry, threads, diskBytes, cpuPercent, allocatedPerSecond, limits,
                overLimit, watched != null);
    }
}
