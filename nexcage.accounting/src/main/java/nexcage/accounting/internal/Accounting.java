package nexcage.accounting.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginCall;
import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.WatchedPlugin;
import nexcage.security.admin.Violations;

/**
 * The accounting itself, free of OSGi: the ledgers of every plugin, the charge point of every thread
 * that ran a call into a plugin or that a plugin owns, and the watched plugins the {@link Sampler}
 * goes through once a second. {@link #begin} and {@link PluginCall#end} are the hot path: two map
 * look-ups, a thread-local, a wall clock and an allocation counter read, an uncontended lock and a
 * few counters each; the thread's CPU clock (a system call) is read by the sampler, not per call.
 */
public final class Accounting implements PluginAccounting {

    private final ThreadMeter meter;
    private final Map<String, PluginLedger> ledgers = new ConcurrentHashMap<>();
    /** By thread id (never reused by the JVM); the sampler drops the dead. */
    private final Map<Long, ThreadState> states = new ConcurrentHashMap<>();
    private final ThreadLocal<ThreadState> local = ThreadLocal.withInitial(this::registerCurrentThread);
    /** Counts watch and unwatch calls, so the sampler knows when to look at threads it gave up on again. */
    private final AtomicInteger watchChanges = new AtomicInteger();

    Accounting(ThreadMeter meter) {
        this.meter = meter;
    }

    /** With the JVM's clocks; {@code warn} hears once what cannot be measured here. */
    public static Accounting onThisJvm(Consumer<String> warn) {
        return new Accounting(new JvmThreadMeter(warn));
    }

    /**
     * One pass of the sampler over this accounting (run it once a second on one thread): threads,
     * in-flight calls, CPU windows, disks and limits, exceeded limits recorded in {@code violations}.
     */
    public Runnable sampler(Violations violations, Consumer<String> log) {
        return new Sampler(this, violations, log, DiskUsage.MAX_ENTRIES)::sample;
    }

    ThreadMeter meter() {
        return meter;
    }

    @Override
    public PluginCall begin(String plugin, String entry) {
        try {
            PluginLedger p = ledger(plugin);
            EntryLedger e = p.entry(entry);
            ThreadState s = local.get();
            long now = meter.nanoTime();
            MeteredCall call = new MeteredCall(meter, s, p, e, now);
            s.push(call, now, meter.currentThreadAllocated());
            return call;
        } catch (RuntimeException | LinkageError e) {
            // measuring must never break the call it measures
            return PluginCall.NONE;
        }
    }

    @Override
    public void timedOut(String plugin, String entry, long waitedNanos) {
        PluginLedger p = ledger(plugin);
        p.entry(entry).timeout(waitedNanos);
        p.total.timeout(waitedNanos);
    }

    @Override
    public ThreadFactory threadFactory(String plugin) {
        PluginLedger owner = ledger(plugin);
        return task -> {
            Thread t = new Thread(() -> {
                try {
                    task.run();
                } finally {
                    // the sampler cannot read a dead thread's clocks: its last moments are charged here
                    ThreadState s = states.get(Thread.currentThread().getId());
                    if (s != null) {
                        s.settleOwn(meter);
                    }
                }
            }, "nexcage-plugin-" + plugin + "-" + owner.threadSerial.incrementAndGet());
            t.setDaemon(true);
            states.put(t.getId(), ThreadState.ofFactory(t, owner));
            return t;
        };
    }

    @Override
    public void watch(WatchedPlugin plugin) {
        ledger(plugin.name()).watch(plugin);
        watchChanges.incrementAndGet();
    }

    @Override
    public void unwatch(String plugin) {
        PluginLedger p = ledgers.get(plugin);
        if (p != null) {
            p.unwatch();
            watchChanges.incrementAndGet();
        }
    }

    @Override
    public List<PluginUsage> usage() {
        List<PluginUsage> all = new ArrayList<>();
        ledgers.values().forEach(p -> all.add(p.usage()));
        all.sort(Comparator.comparing(PluginUsage::plugin));
        return all;
    }

    @Override
    public Optional<PluginUsage> usage(String plugin) {
        PluginLedger p = ledgers.get(plugin);
        return p == null ? Optional.empty() : Optional.of(p.usage());
    }

    // ---- for the sampler -----------------------------------------------------------------

    PluginLedger ledger(String plugin) {
        PluginLedger p = ledgers.get(plugin);
        return p != null ? p : ledgers.computeIfAbsent(plugin, PluginLedger::new);
    }

    Iterable<PluginLedger> ledgers() {
        return ledgers.values();
    }

    Map<Long, ThreadState> states() {
        return states;
    }

    /** The state of another thread, made on the sampler's first sight of it (CPU from its reading then). */
    ThreadState stateOf(Thread t) {
        return states.computeIfAbsent(t.getId(), id -> new ThreadState(t, Math.max(0, meter.threadCpu(id))));
    }

    int watchChanges() {
        return watchChanges.get();
    }

    /** The calling thread's state, on its first call: its CPU from now on is shared out (one clock read per thread). */
    private ThreadState registerCurrentThread() {
        Thread t = Thread.currentThread();
        return states.computeIfAbsent(t.getId(), id -> new ThreadState(t, meter.currentThreadCpu()));
    }
}
