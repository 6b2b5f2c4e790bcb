package nexcage.metrics.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.UsageFigures;
import nexcage.core.admin.RuntimeFigures.BackendFigures;
import nexcage.core.admin.RuntimeFigures.OperationLatency;
import nexcage.core.admin.RuntimeFigures.PluginFigures;
import nexcage.hooks.admin.HookLatency;
import nexcage.hooks.admin.HookRegistrationInfo;
import nexcage.security.admin.Violation;

/** Fixed figures of {@code n} plugins (plugin-0 provides the backend docker), for tests and the benchmark. */
public record FixedFigures(List<PluginUsage> usage, List<HookRegistrationInfo> hooks, List<HookLatency> hookLatencies,
        List<Violation> violations,
        List<PluginFigures> plugins, List<BackendFigures> backends, List<OperationLatency> containerOperations, boolean ready)
        implements Figures {

    /** The core's bounds (seconds) for container operations. */
    static final double[] BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    /** The dispatcher's bounds (seconds) for hook handlers. */
    static final double[] HOOK_BOUNDS = {0.00001, 0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** {@code upTo1ms} runs within a millisecond, {@code upTo5ms} within 5 ms. */
    private static long[] hookCounts(long upTo1ms, long upTo5ms) {
        long[] counts = new long[HOOK_BOUNDS.length + 1];
        counts[3] = upTo1ms;
        counts[5] = upTo5ms;
        return counts;
    }

    public static FixedFigures of(int n, boolean ready) {
        List<PluginUsage> usage = new ArrayList<>();
        List<HookRegistrationInfo> hooks = new ArrayList<>();
        List<HookLatency> hookLatencies = new ArrayList<>();
        List<PluginFigures> plugins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "plugin-" + i;
            Map<String, UsageFigures> byEntry = new LinkedHashMap<>();
            byEntry.put("command:hello", new UsageFigures(10 + i, 1, 0, 2.0, 9.0, 12.0, 30.0, 4096));
            byEntry.put("hook:container.pre_create", new UsageFigures(5, 0, 1, 1.0, 3.0, 5.0, 4.0, 1024));
            if (i == 0) {
                byEntry.put("backend:create", new UsageFigures(7, 2, 0, 150.0, 400.0, 500.0, 20.0, 8192));
            }
            UsageFigures total = new UsageFigures(15 + i, 1, 1, 2.0, 9.0, 12.0, 1500.0, 5120);
            usage.add(new PluginUsage(name, total, byEntry, 3, 2048, 1.5, 100, Map.of("max_threads", 10),
                    i == 1 ? List.of("max_threads") : List.of(), true));
            hooks.add(new HookRegistrationInfo("container.pre_create", name, 100 + i, "normal", 5000, false, true, 5, 0, 1, 0,
                    0.5, 1.0, 3.0, 2.5));
            hooks.add(new HookRegistrationInfo("container.pre_create", name, 200 + i, "normal", 5000, false, true, 3, 1, 0, 1,
                    0.5, 2.0, 4.0, 3.5));
            // its two handlers of the hook: 5 and 3 runs, 0.0055 s and 0.0055 s in all
            hookLatencies.add(new HookLatency("container.pre_create", name, HOOK_BOUNDS, hookCounts(4, 1), 0.0055));
            hookLatencies.add(new HookLatency("container.pre_create", name, HOOK_BOUNDS, hookCounts(1, 2), 0.0055));
            plugins.add(new PluginFigures(name, "active", "healthy", Map.of("jobs_done", (double) i)));
        }
        List<Violation> violations = n < 2 ? List.of() : List.of(
                new Violation(java.time.Instant.EPOCH, "plugin-1", "filesystem", "read", "/etc/shadow", 2),
                new Violation(java.time.Instant.EPOCH, "plugin-1", null, "resource.max_threads", "11 threads", 1),
                new Violation(java.time.Instant.EPOCH, "plugin-1", "network", "connect", "example.org:80", 3));
        // docker's creates: 2 within 100 ms, 4 within 250 ms, 1 over the last bound
        long[] creates = new long[BOUNDS.length + 1];
        creates[6] = 2;
        creates[7] = 4;
        creates[BOUNDS.length] = 1;
        List<OperationLatency> ops = List.of(new OperationLatency("docker", "create", BOUNDS, creates, 61.05));
        return new FixedFigures(usage, hooks, hookLatencies, violations, plugins, List.of(new BackendFigures("docker", "plugin-0", "healthy")), ops,
                ready);
    }
}
