package nexcage.hooks.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginCall;
import nexcage.api.hooks.HookDispatcher;
import nexcage.api.hooks.HookHandler;
import nexcage.api.hooks.HookNames;
import nexcage.api.hooks.HookResult;
import nexcage.hooks.admin.HookAdmin;
import nexcage.hooks.admin.HookLog;
import nexcage.hooks.admin.HookLatency;
import nexcage.hooks.admin.HookRegistrationInfo;

/**
 * The dispatcher itself, free of OSGi so it can be tested and benchmarked as a plain object (the
 * DS component feeds it handler services).
 *
 * <p>Registrations live in a copy-on-write table: one array per hook, already in run order, so
 * {@code fire} does one map lookup and walks an array. Consecutive timed handlers run as one
 * {@link Segment} on a worker thread; inline (runtime-only) handlers run on the caller's thread.
 */
public final class HookDispatcherCore implements HookDispatcher, HookAdmin {

    /** Distinct hooks nested on one call chain before a fire is refused (hooks firing hooks). */
    static final int MAX_DEPTH = 8;

    private static final Registration[] NONE = new Registration[0];

    private final Executor executor;
    private final HookLog log;
    private final AtomicInteger hung = new AtomicInteger();

    /** Guarded by {@code this}; the source of truth from which {@link #table} is rebuilt. */
    private final Map<Long, List<Registration>> byService = new LinkedHashMap<>();
    private final Set<String> disabledPlugins = new HashSet<>();
    private volatile Map<String, Registration[]> table = Map.of();
    /** Where plugin handlers' calls are counted; null: not counted. */
    private volatile PluginAccounting accounting;

    /**
     * @param executor runs timed handlers; must not run tasks on the submitting thread (that would
     *     block the caller past the timeout), and should have idle threads ready
     * @param log receives one line per failed, slow, refused or vetoing handler
     */
    public HookDispatcherCore(Executor executor, HookLog log) {
        this.executor = executor;
        this.log = log;
    }

    /** Starts (or, with null, stops) counting plugin handlers' calls in {@code accounting}. */
    public void setAccounting(PluginAccounting accounting) {
        this.accounting = accounting;
    }

    /** Begins measuring a call of {@code r}'s handler on this thread: a plugin's, while accounting is on. */
    PluginCall begin(Registration r) {
        PluginAccounting a = accounting;
        return a == null || r.entry == null ? PluginCall.NONE : a.begin(r.plugin, r.entry);
    }

    // ---- registration --------------------------------------------------------------------

    /**
     * Registers a handler service for each hook its spec names.
     *
     * @return false when the spec names no hook (nothing registered)
     */
    public boolean add(long serviceId, HookHandler handler, Map<String, ?> properties, Who who) {
        HandlerSpec spec = HandlerSpec.parse(properties, who, log);
        if (spec == null) {
            return false;
        }
        List<Registration> regs = new ArrayList<>();
        for (String hook : spec.hooks()) {
            regs.add(new Registration(serviceId, hook, handler, spec));
        }
        synchronized (this) {
            boolean enabled = !disabledPlugins.contains(spec.plugin());
            regs.forEach(r -> r.enabled = enabled);
            byService.put(serviceId, regs);
            rebuild();
        }
        return true;
    }

    /** Forgets a handler service (its bundle went away or it was unregistered); idempotent. */
    public void remove(long serviceId) {
        synchronized (this) {
            if (byService.remove(serviceId) != null) {
                rebuild();
            }
        }
    }

    /** Called with {@code this} held: builds the run-order arrays the dispatch loop reads. */
    private void rebuild() {
        Map<String, List<Registration>> grouped = new HashMap<>();
        for (List<Registration> regs : byService.values()) {
            for (Registration r : regs) {
                if (r.enabled) {
                    grouped.computeIfAbsent(r.hook, h -> new ArrayList<>()).add(r);
                }
            }
        }
        Map<String, Registration[]> next = new HashMap<>();
        grouped.forEach((hook, regs) -> {
            Registration[] sorted = regs.toArray(NONE);
            Arrays.sort(sorted, Registration.RUN_ORDER);
            next.put(hook, sorted);
        });
        table = Map.copyOf(next);
    }

    // ---- dispatch ------------------------------------------------------------------------

    @Override
    public HookResult fire(String hook, String source, Map<String, String> metadata) {
        if (hook == null || hook.isBlank()) {
            throw new IllegalArgumentException("hook name is missing; fire a hook such as " + HookNames.CONTAINER_PRE_CREATE);
        }
        Frame frame = Frame.CURRENT.get();
        Set<String> outer = frame.chain;
        if (outer.contains(hook) || outer.size() >= MAX_DEPTH) {
            return suppressed(hook, metadata, frame);
        }
        Registration[] run = table.getOrDefault(hook, NONE);
        Dispatch d = new Dispatch(hook, source == null ? "core" : source, HookNames.isVetoable(hook), chain(outer, hook), metadata);
        if (run.length == 0) {
            return d.result();
        }
        frame.chain = d.chain;
        try {
            int i = 0;
            while (i < run.length && !d.vetoed) {
                if (run[i].inline) {
                    runInline(d, run[i], frame);
                    i++;
                } else {
                    int end = i + 1;
                    while (end < run.length && !run[end].inline) {
                        end++;
                    }
                    runTimed(d, run, i, end);
                    i = end;
                }
            }
        } finally {
            frame.chain = outer;
        }
        return d.result();
    }

    private static Set<String> chain(Set<String> outer, String hook) {
        if (outer.isEmpty()) {
            return Set.of(hook);
        }
        Set<String> chain = new HashSet<>(outer);
        chain.add(hook);
        return Set.copyOf(chain);
    }

    private HookResult suppressed(String hook, Map<String, String> metadata, Frame frame) {
        String who = frame.plugin == null ? "a handler" : "a handler of plugin " + frame.plugin;
        String why = frame.chain.contains(hook)
                ? "hook " + hook + " was fired again by " + who + " while it was being dispatched; the nested fire was skipped "
                        + "to avoid an endless loop, so the handler must not fire the hook it handles"
                : "hook " + hook + " was fired by " + who + " " + MAX_DEPTH + " hooks deep; the nested fire was skipped "
                        + "to avoid an endless loop, so break the chain of handlers firing hooks";
        log.log("warn", frame.plugin == null ? "hooks" : frame.plugin, why);
        return new HookResult(hook, false, null, why, Dispatch.copyWithoutNulls(metadata), 0, 0, 0, true);
    }

    /** A runtime handler on the caller's own thread: no hand-off and no timeout. */
    private void runInline(Dispatch d, Registration r, Frame frame) {
        String outerPlugin = frame.plugin;
        frame.plugin = r.plugin;
        Invocation inv = new Invocation(d);
        PluginCall call = begin(r);
        long t0 = System.nanoTime();
        Throwable error = null;
        try {
            r.handler.handle(inv);
        } catch (Throwable t) {
            error = t;
        } finally {
            frame.plugin = outerPlugin;
        }
        long nanos = System.nanoTime() - t0;
        call.end(error != null || inv.misused);
        finish(d, r, inv, nanos, error);
    }

    /** Timed handlers {@code [from, end)} on worker threads; a new segment resumes after each timeout. */
    private void runTimed(Dispatch d, Registration[] run, int from, int end) {
        while (from < end && !d.vetoed) {
            Segment segment = new Segment(this, d, run, from, end);
            try {
                executor.execute(segment);
            } catch (RejectedExecutionException e) {
                refused(d, run, from, end);
                return;
            }
            int abandoned = segment.await();
            if (abandoned < 0) {
                return;
            }
            timedOut(d, run[abandoned]);
            from = abandoned + 1;
        }
    }

    /** Records one finished call; runs on the thread that owns the dispatch. */
    void finish(Dispatch d, Registration r, Invocation inv, long nanos, Throwable error) {
        d.handlers++;
        boolean failed = error != null || inv.misused;
        if (failed) {
            d.failures++;
            String why = error != null ? String.valueOf(error) : "it vetoed hook " + d.hook + ", which cannot be vetoed";
            log.log("warn", r.plugin, "hook " + d.hook + ": handler of plugin " + r.plugin + " failed (" + why
                    + ") and was skipped; fix the plugin or disable it with: nexcage plugin disable " + r.plugin);
        }
        r.stats.record(nanos, failed);
        if (error == null) {
            inv.commit();
            if (inv.vetoReason != null) {
                veto(d, r, inv.vetoReason);
            }
        } else if (r.failClosed && d.vetoable) {
            veto(d, r, "its fail-closed handler for " + d.hook + " failed: " + error);
        }
    }

    private void timedOut(Dispatch d, Registration r) {
        d.handlers++;
        d.failures++;
        d.timeouts++;
        hung.incrementAndGet();
        r.stats.recordTimeout(r.timeoutNanos);
        PluginAccounting a = accounting;
        if (a != null && r.entry != null) {
            // the worker's late end, if it comes, adds only the call's CPU and allocation
            a.timedOut(r.plugin, r.entry, r.timeoutNanos);
        }
        log.log("warn", r.plugin, "hook " + d.hook + ": handler of plugin " + r.plugin + " did not finish within "
                + r.spec.timeoutMs() + " ms and was skipped (its thread is left running); make it faster or raise its "
                + HookHandler.TIMEOUT_MS + " (capped by the plugin's timeout_seconds)");
        if (r.failClosed && d.vetoable) {
            veto(d, r, "its fail-closed handler for " + d.hook + " did not finish within " + r.spec.timeoutMs() + " ms");
        }
    }

    /** No thread was free (every worker is stuck in an abandoned call): the handlers count as failed. */
    private void refused(Dispatch d, Registration[] run, int from, int end) {
        for (int i = from; i < end && !d.vetoed; i++) {
            Registration r = run[i];
            d.handlers++;
            d.failures++;
            r.stats.record(0, true);
            log.log("error", r.plugin, "hook " + d.hook + ": handler of plugin " + r.plugin + " was not run because all "
                    + hung.get() + " hook threads are stuck in calls that timed out; find the hanging plugin with "
                    + "nexcage hooks list (timeouts) and disable it, or restart the daemon");
            if (r.failClosed && d.vetoable) {
                veto(d, r, "its fail-closed handler for " + d.hook + " could not be run (no hook thread free)");
            }
        }
    }

    private void veto(Dispatch d, Registration r, String reason) {
        d.vetoed = true;
        d.vetoedBy = r.plugin;
        d.reason = reason;
        r.stats.recordVeto();
        log.log("info", r.plugin, "hook " + d.hook + " (from " + d.source + ") vetoed by plugin " + r.plugin + ": " + reason);
    }

    /** A worker whose call was abandoned finally came back: its thread is free again. */
    void abandonedCallReturned(Registration r, long nanos) {
        hung.decrementAndGet();
        log.log("info", r.plugin, "hook " + r.hook + ": handler of plugin " + r.plugin + " returned after "
                + nanos / 1_000_000 + " ms, long after its timeout; its result was ignored");
    }

    // ---- admin ---------------------------------------------------------------------------

    @Override
    public List<HookRegistrationInfo> registrations() {
        return sorted().stream().map(Registration::info).toList();
    }

    @Override
    public List<HookLatency> latencies() {
        return sorted().stream().map(Registration::latency).toList();
    }

    private List<Registration> sorted() {
        List<Registration> all = new ArrayList<>();
        synchronized (this) {
            byService.values().forEach(all::addAll);
        }
        all.sort(Comparator.comparing((Registration r) -> r.hook).thenComparing(Registration.RUN_ORDER));
        return all;
    }

    @Override
    public List<HookRegistrationInfo> registrations(String plugin) {
        return registrations().stream().filter(i -> i.plugin().equals(plugin)).toList();
    }

    @Override
    public synchronized void setEnabled(String plugin, boolean enabled) {
        if (enabled ? disabledPlugins.remove(plugin) : disabledPlugins.add(plugin)) {
            byService.values().forEach(regs -> regs.forEach(r -> {
                if (r.plugin.equals(plugin)) {
                    r.enabled = enabled;
                }
            }));
            rebuild();
        }
    }

    @Override
    public int hungThreads() {
        return hung.get();
    }
}
