package nexcage.core.internal.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.UsageFigures;
import nexcage.core.internal.command.TextTable;

/**
 * {@code plugin stats} from the accounting's figures (DESIGN §8): the JSON objects, the table of
 * every plugin, and one plugin's entry points and limits. Sizes are in binary units (MB is
 * 1024 × 1024 bytes, as {@code max_disk_usage_mb} counts them).
 */
final class UsageReport {
    private static final double KB = 1024;
    private static final double MB = KB * 1024;
    private static final double GB = MB * 1024;

    private UsageReport() {
    }

    /** The JSON object of one plugin: its totals, window figures, limits and {@code by_entry}. */
    static Map<String, Object> json(PluginUsage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plugin", u.plugin());
        m.putAll(figures(u.total()));
        m.put("threads", u.threads());
        m.put("disk_bytes", u.diskBytes());
        m.put("cpu_percent", round(u.cpuPercent()));
        m.put("allocated_bytes_per_second", u.allocatedBytesPerSecond());
        m.put("limits", u.limits());
        m.put("over_limit", u.overLimit());
        m.put("watched", u.watched());
        Map<String, Object> byEntry = new LinkedHashMap<>();
        new TreeMap<>(u.byEntry()).forEach((entry, f) -> byEntry.put(entry, figures(f)));
        m.put("by_entry", byEntry);
        return m;
    }

    private static Map<String, Object> figures(UsageFigures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls", f.calls());
        m.put("errors", f.errors());
        m.put("timeouts", f.timeouts());
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", round(f.p50Ms()));
        latency.put("p99", round(f.p99Ms()));
        latency.put("max", round(f.maxMs()));
        m.put("latency_ms", latency);
        m.put("cpu_ms", round(f.cpuMs()));
        m.put("allocated_bytes", f.allocatedBytes());
        return m;
    }

    /** Three decimals are plenty for milliseconds and percent, and keep the JSON readable. */
    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** One row per plugin, as {@code docker stats} shows containers. */
    static void table(List<PluginUsage> all, PrintStream out) {
        TextTable t = new TextTable("PLUGIN", "CALLS", "ERRORS", "TIMEOUTS", "P50", "P99", "MAX", "CPU%", "CPU-TIME", "ALLOC/S", "THREADS",
                "DISK", "OVER-LIMIT");
        for (PluginUsage u : all) {
            UsageFigures f = u.total();
            t.row(u.plugin(), f.calls(), f.errors(), f.timeouts(), ms(f.p50Ms()), ms(f.p99Ms()), ms(f.maxMs()), percent(u.cpuPercent()),
                    ms(f.cpuMs()), bytes(u.allocatedBytesPerSecond()) + "/s", u.threads(), bytes(u.diskBytes()),
                    u.overLimit().isEmpty() ? "-" : String.join(",", u.overLimit()));
        }
        t.print(out);
    }

    /** One row per entry point; the plugin's own threads (no calls) last. */
    static void entries(PluginUsage u, PrintStream out) {
        TextTable t = new TextTable("ENTRY", "CALLS", "ERRORS", "TIMEOUTS", "P50", "P99", "MAX", "CPU-TIME", "ALLOCATED");
        Map<String, UsageFigures> sorted = new TreeMap<>(u.byEntry());
        UsageFigures threads = sorted.remove(PluginAccounting.THREADS);
        sorted.forEach((entry, f) -> t.row(entry, f.calls(), f.errors(), f.timeouts(), ms(f.p50Ms()), ms(f.p99Ms()), ms(f.maxMs()),
                ms(f.cpuMs()), bytes(f.allocatedBytes())));
        if (threads != null) {
            t.row(PluginAccounting.THREADS + " (its own)", "-", "-", "-", "-", "-", "-", ms(threads.cpuMs()), bytes(threads.allocatedBytes()));
        }
        t.print(out);
    }

    /** Its declared limits, what it uses of each now, and whether the daemon watches it. */
    static void limits(PluginUsage u, PrintStream out) {
        TextTable t = new TextTable("LIMIT", "DECLARED", "NOW", "WATCHED");
        u.limits().forEach((key, value) -> t.row(key, value, now(u, key), PluginLimits.watched(key)
                ? (u.overLimit().contains(key) ? "yes: over the limit" : "yes") : "no (not enforced)"));
        t.print(out);
        out.println(String.join(", ", PluginLimits.NOT_ENFORCED) + " " + PluginLimits.WHY_NOT_ENFORCED + ".");
    }

    private static String now(PluginUsage u, String key) {
        return switch (key) {
            case "max_threads" -> String.valueOf(u.threads());
            case "max_cpu_percent" -> percent(u.cpuPercent());
            case "max_disk_usage_mb" -> bytes(u.diskBytes());
            case "timeout_seconds" -> u.total().timeouts() + " timed out";
            case "max_memory_mb" -> bytes(u.allocatedBytesPerSecond()) + "/s allocated";
            default -> "-";
        };
    }

    /** Milliseconds as a person reads them: {@code 0.042ms}, {@code 12.5ms}, {@code 3.20s}, {@code 2m05s}. */
    static String ms(double ms) {
        if (ms < 1) {
            return String.format(Locale.ROOT, "%.3fms", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.1fms", ms);
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.2fs", ms / 1000);
        }
        long s = Math.round(ms / 1000);
        return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f%%", p);
    }

    /** Bytes in binary units: {@code 512B}, {@code 3.4kB}, {@code 12.0MB}, {@code 1.50GB}. */
    static String bytes(long b) {
        if (b < KB) {
            return b + "B";
        }
        if (b < MB) {
            return String.format(Locale.ROOT, "%.1fkB", b / KB);
        }
        if (b < GB) {
            return String.format(Locale.ROOT, "%.1fMB", b / MB);
        }
        return String.format(Locale.ROOT, "%.2fGB", b / GB);
    }
}
