package nexcage.accounting.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import nexcage.accounting.admin.WatchedPlugin;
import nexcage.accounting.internal.Limits.Exceeded;
import nexcage.accounting.internal.StackAttribution.Verdict;
import nexcage.security.admin.Violations;

/**
 * One pass over what the calls themselves cannot report, run once a second on one thread: which
 * live threads are a watched plugin's (its thread factory's, or seen running its code), the CPU
 * and allocation of those threads and of calls still in flight, each watched plugin's CPU window,
 * data directory and limits. A limit crossed is one violation, recorded as the plugin goes over it;
 * the next comes only after it has gone back under.
 */
final class Sampler {

    static final long DISK_EVERY_NANOS = 2_000_000_000L;

    private final Accounting accounting;
    private final ThreadMeter meter;
    private final Violations violations;
    private final Consumer<String> log;
    private final int maxDiskEntries;
    /** Threads known to be nobody's we watch (their entry is the runtime's, or another's), by id. */
    private final Set<Long> others = new HashSet<>();
    private int watchChangesSeen = -1;

    Sampler(Accounting accounting, Violations violations, Consumer<String> log, int maxDiskEntries) {
        this.accounting = accounting;
        this.meter = accounting.meter();
        this.violations = violations;
        this.log = log;
        this.maxDiskEntries = maxDiskEntries;
    }

    void sample() {
        long now = meter.nanoTime();
        List<PluginLedger> watched = new ArrayList<>();
        for (PluginLedger p : accounting.ledgers()) {
            if (p.watched() != null) {
                watched.add(p);
            }
        }
        if (!watched.isEmpty()) {
            attributeThreads(watched);
        }
        Map<PluginLedger, Integer> threads = chargeThreads();
        for (PluginLedger p : accounting.ledgers()) {
            WatchedPlugin w = p.watched();
            if (w == null) {
                // not watched: only leaked threads of its factory are still shown
                p.threads(threads.getOrDefault(p, 0));
            } else {
                watchedPlugin(p, w, threads.getOrDefault(p, 0), now);
            }
        }
    }

    /** Reads the stacks of live threads not yet known, and gives those running a watched plugin's code to it. */
    private void attributeThreads(List<PluginLedger> watched) {
        int changes = accounting.watchChanges();
        if (changes != watchChangesSeen) {
            // a plugin came or went: a thread that was nobody's may be the new one's
            others.clear();
            watchChangesSeen = changes;
        }
        List<WatchedPlugin> plugins = new ArrayList<>(watched.size());
        watched.forEach(p -> plugins.add(p.watched()));
        Set<Long> live = new HashSet<>();
        for (Thread t : liveThreads()) {
            long id = t.getId();
            live.add(id);
            ThreadState known = accounting.states().get(id);
            if (others.contains(id) || known != null && known.owner() != null) {
                continue;
            }
            if (StackAttribution.neverAPlugins(t)) {
                others.add(id);
                continue;
            }
            Verdict v = verdict(t, plugins);
            switch (v.kind()) {
                case OTHER -> others.add(id);
                case PLUGIN -> accounting.stateOf(t).adopt(accounting.ledger(v.plugin().name()), meter.threadCpu(id),
                        meter.threadAllocated(id), meter.nanoTime());
                case UNKNOWN -> {
                }
            }
        }
        others.retainAll(live);
    }

    private Verdict verdict(Thread t, List<WatchedPlugin> plugins) {
        try {
            return StackAttribution.of(t.getStackTrace(), plugins);
        } catch (RuntimeException e) {
            // a plugin's ownsClass that throws must not stop the sampler
            return Verdict.UNKNOWN;
        }
    }

    /**
     * Charges the growth of every thread in a call or owned by a watched plugin, drops the dead, and
     * counts each plugin's live threads (for a plugin no longer watched, its factory's only).
     */
    private Map<PluginLedger, Integer> chargeThreads() {
        Map<PluginLedger, Integer> counts = new HashMap<>();
        for (Iterator<ThreadState> it = accounting.states().values().iterator(); it.hasNext();) {
            ThreadState s = it.next();
            Thread t = s.thread.get();
            if (t == null || t.getState() == Thread.State.TERMINATED) {
                it.remove();
                continue;
            }
            PluginLedger owner = s.owner();
            boolean ownerWatched = owner != null && owner.watched() != null;
            if (owner != null && t.isAlive() && (ownerWatched || s.fromFactory())) {
                counts.merge(owner, 1, Integer::sum);
            }
            if (s.hasCpuToCharge()) {
                s.settle(meter.threadCpu(s.threadId), meter.threadAllocated(s.threadId), meter.nanoTime());
            }
        }
        return counts;
    }

    private void watchedPlugin(PluginLedger p, WatchedPlugin w, int threads, long now) {
        PluginLedger.Sampled state = p.sampled;
        if (state.epoch != p.watchEpoch()) {
            state.epoch = p.watchEpoch();
            state.window.clear();
            state.over = List.of();
            state.diskMeasured = false;
        }
        state.window.add(now, p.total.cpuNanos(), p.total.allocatedBytes());
        if (!state.diskMeasured || now - state.diskMeasuredAt >= DISK_EVERY_NANOS) {
            measureDisk(p, w, state, now);
        }
        List<Exceeded> exceeded = Limits.exceeded(w.limits(), threads, state.window.cpuPercent(), p.diskBytes());
        List<String> keys = new ArrayList<>(exceeded.size());
        for (Exceeded e : exceeded) {
            keys.add(e.key());
            if (!state.over.contains(e.key())) {
                violations.record(p.name, null, "resource." + e.key(), e.detail());
            }
        }
        state.over = keys;
        p.sampled(threads, state.window.cpuPercent(), state.window.allocatedPerSecond(), keys);
    }

    private void measureDisk(PluginLedger p, WatchedPlugin w, PluginLedger.Sampled state, long now) {
        DiskUsage.Size size = DiskUsage.of(w.dataDirectory(), maxDiskEntries);
        p.disk(size.bytes());
        state.diskMeasured = true;
        state.diskMeasuredAt = now;
        if (size.truncated() && !state.diskTruncationSaid) {
            state.diskTruncationSaid = true;
            log.accept("plugin " + p.name + ": its data directory " + w.dataDirectory() + " holds more than " + maxDiskEntries
                    + " files, so only the first " + maxDiskEntries + " are counted in its size (at least "
                    + size.bytes() / Limits.MB + " MB); remove files it no longer needs");
        }
    }

    private static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(all, true)) == all.length) {
            all = new Thread[all.length * 2];
        }
        Thread[] live = new Thread[n];
        System.arraycopy(all, 0, live, 0, n);
        return live;
    }
}
