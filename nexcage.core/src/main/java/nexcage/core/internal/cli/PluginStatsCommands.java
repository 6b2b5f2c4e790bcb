package nexcage.core.internal.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.UsageFigures;
import nexcage.core.internal.command.ClientSignals;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.guard.PluginMetricsStore;
import nexcage.core.internal.plugins.PluginRecord;
import nexcage.core.internal.plugins.PluginRegistry;

/**
 * {@code plugin stats [NAME] [--json] [--watch]} (DESIGN §8): what each plugin costs, from the
 * accounting; with NAME also per entry point, its limits, its hook handlers and its own metrics.
 * {@code --watch} shows it again every second until the client leaves (Ctrl-C), as
 * {@code docker stats} does.
 */
@Component(service = PluginStatsCommands.class)
public class PluginStatsCommands {
    static final String USAGE = "plugin stats [NAME] [--json] [--watch]";
    static final long REFRESH_MS = 1000;
    /** Clears a terminal and puts the cursor top left, as docker stats does between refreshes. */
    private static final String CLEAR_SCREEN = "\033[2J\033[H";

    private final PluginAccounting accounting;
    /** The installed plugins by name with their declared limits, so a plugin not called yet shows zeros. */
    private final Supplier<Map<String, Map<String, Integer>>> installed;
    private final Function<String, List<Map<String, Object>>> hooks;
    private final Function<String, Map<String, Double>> metrics;

    /** Runs the sandboxed plugins: their memory and CPU come from their cgroup. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile nexcage.core.admin.SandboxRunner sandbox;

    @Activate
    public PluginStatsCommands(@Reference PluginAccounting accounting, @Reference PluginRegistry registry,
            @Reference HooksCommands hooks, @Reference PluginMetricsStore metrics) {
        this(accounting, () -> declared(registry), hooks::handlersOf, metrics::snapshot);
    }

    /** On plain parts, for tests. */
    PluginStatsCommands(PluginAccounting accounting, Supplier<Map<String, Map<String, Integer>>> installed,
            Function<String, List<Map<String, Object>>> hooks, Function<String, Map<String, Double>> metrics) {
        this.accounting = accounting;
        this.installed = installed;
        this.hooks = hooks;
        this.metrics = metrics;
    }

    private static Map<String, Map<String, Integer>> declared(PluginRegistry registry) {
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        for (PluginRecord r : registry.installed()) {
            out.put(r.name(), r.metadata().resources().asMap());
        }
        return out;
    }

    /** The words after {@code plugin stats}. */
    int run(List<String> args, CommandIO io) {
        Options o = Options.parse(args, "--json", "--watch");
        o.expectAtMost(1, USAGE);
        String name = o.positional().isEmpty() ? null : o.positional(0);
        if (name != null && usage(name).isEmpty()) {
            io.err().println("nexcage: no plugin named '" + name + "' is installed or was called since the daemon started; "
                    + "'nexcage plugin list' shows the plugins there are");
            return 1;
        }
        if (!o.has("--watch")) {
            show(name, o.has("--json"), io);
            return 0;
        }
        watch(name, o.has("--json"), io);
        return 0;
    }

    /** Shows the figures every second until the client hangs up (or the Gogo shell interrupts it). */
    private void watch(String name, boolean json, CommandIO io) {
        CountDownLatch gone = new CountDownLatch(1);
        try (ClientSignals.Forwarding hangUp = io.signals().onHangUp(gone::countDown)) {
            boolean first = true;
            do {
                if (io.tty() && !json) {
                    io.out().print(CLEAR_SCREEN);
                } else if (!first) {
                    io.out().println();
                }
                first = false;
                show(name, json, io);
            } while (!io.out().checkError() && !io.signals().hungUp() && !gone.await(REFRESH_MS, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void show(String name, boolean json, CommandIO io) {
        if (name == null) {
            List<PluginUsage> all = all();
            if (json) {
                List<Map<String, Object>> out = new ArrayList<>();
                all.forEach(u -> out.add(json(u)));
                PluginCommands.print(io, out);
            } else {
                UsageReport.table(all, io.out());
            }
            return;
        }
        PluginUsage u = usage(name).orElseThrow();
        if (json) {
            Map<String, Object> m = json(u);
            m.put("hooks", hooks.apply(name));
            m.put("metrics", metrics.apply(name));
            PluginCommands.print(io, m);
            return;
        }
        details(u, io);
    }

    /** The JSON of one plugin, with {@code sandbox}: its child's pid and its cgroup's memory and CPU (null when it runs in the daemon). */
    private Map<String, Object> json(PluginUsage u) {
        Map<String, Object> m = new LinkedHashMap<>(UsageReport.json(u));
        nexcage.core.admin.SandboxRunner.Status st = sandboxStatus(u.plugin());
        Map<String, Object> sb = null;
        if (st != null) {
            sb = new LinkedHashMap<>();
            sb.put("pid", st.pid());
            sb.put("memory_bytes", st.memoryBytes() < 0 ? null : st.memoryBytes());
            sb.put("cpu_percent", st.cpuPercent() < 0 ? null : Math.round(st.cpuPercent() * 1000) / 1000.0);
            sb.put("cpu_ms", st.cpuNanos() < 0 ? null : st.cpuNanos() / 1_000_000);
            sb.put("tasks", st.tasks() < 0 ? null : st.tasks());
            sb.put("restarts", st.restarts());
        }
        m.put("sandbox", sb);
        return m;
    }

    private nexcage.core.admin.SandboxRunner.Status sandboxStatus(String plugin) {
        nexcage.core.admin.SandboxRunner r = sandbox;
        return r == null ? null : r.status(plugin);
    }

    /**
     * A sandboxed plugin's CPU percent and threads are its whole child's, from its cgroup (the
     * accounting sees only the calls into it): the JVM's own threads included, as its pids limit counts them.
     */
    private PluginUsage withSandbox(PluginUsage u) {
        nexcage.core.admin.SandboxRunner.Status st = sandboxStatus(u.plugin());
        if (st == null) {
            return u;
        }
        double cpu = st.cpuPercent() >= 0 ? st.cpuPercent() : u.cpuPercent();
        int threads = st.tasks() >= 0 ? st.tasks() : u.threads();
        return new PluginUsage(u.plugin(), u.total(), u.byEntry(), threads, u.diskBytes(), cpu, u.allocatedBytesPerSecond(),
                u.limits(), u.overLimit(), u.watched());
    }

    private void details(PluginUsage u, CommandIO io) {
        io.out().println("plugin " + u.plugin() + ": " + (u.watched() ? "running, watched" : "not running; its figures since the daemon started"));
        nexcage.core.admin.SandboxRunner.Status st = sandboxStatus(u.plugin());
        if (st != null) {
            io.out().println("sandboxed in process " + st.pid() + ": its cgroup holds " + (st.memoryBytes() < 0 ? "unknown memory"
                    : UsageReport.bytes(st.memoryBytes())) + " and used " + UsageReport.percent(Math.max(0, st.cpuPercent()))
                    + " of a core over 10 s; restarted " + st.restarts() + " times");
        }
        UsageReport.table(List.of(u), io.out());
        io.out().println();
        io.out().println("calls by entry point:");
        UsageReport.entries(u, io.out());
        io.out().println();
        io.out().println("limits:");
        UsageReport.limits(u, io.out());
        List<Map<String, Object>> handlers = hooks.apply(u.plugin());
        io.out().println();
        if (handlers.isEmpty()) {
            io.out().println("hook handlers: none");
        } else {
            io.out().println("hook handlers:");
            HooksCommands.table(handlers, io.out());
        }
        Map<String, Double> own = metrics.apply(u.plugin());
        if (!own.isEmpty()) { // the plugin's own metrics (PluginMetrics)
            io.out().println();
            io.out().println("metrics of plugin " + u.plugin() + ":");
            own.forEach((k, v) -> io.out().println("  " + k + " " + (v == Math.rint(v) && Math.abs(v) < 1e15
                    ? String.valueOf(v.longValue()) : String.valueOf(v))));
        }
        io.out().flush();
    }

    /** Every plugin measured since the daemon started or installed now, by name. */
    private List<PluginUsage> all() {
        Map<String, PluginUsage> byName = new TreeMap<>();
        installed.get().forEach((name, limits) -> byName.put(name, nothingYet(name, limits)));
        accounting.usage().forEach(u -> byName.put(u.plugin(), u));
        byName.replaceAll((name, u) -> withSandbox(u));
        return List.copyOf(byName.values());
    }

    private Optional<PluginUsage> usage(String name) {
        Optional<PluginUsage> measured = accounting.usage(name);
        if (measured.isPresent()) {
            return measured.map(this::withSandbox);
        }
        Map<String, Integer> limits = installed.get().get(name);
        return limits == null ? Optional.empty() : Optional.of(nothingYet(name, limits));
    }

    /** An installed plugin the accounting has not seen (never started, nor called). */
    private static PluginUsage nothingYet(String name, Map<String, Integer> limits) {
        return new PluginUsage(name, UsageFigures.ZERO, Map.of(), 0, 0, 0, 0, limits, List.of(), false);
    }
}
