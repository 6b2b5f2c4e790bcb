package nexcage.accounting.internal;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one thread's CPU time and allocation are charged: to the innermost call into a plugin it is
 * running, else to the plugin that owns the thread (its {@code threads} entry), else nowhere.
 *
 * <p>Allocation is read as each call begins and ends (HotSpot's counter costs tens of nanoseconds),
 * so each call gets its own exactly. A thread's CPU clock costs a system call (over a microsecond on
 * a VM), too much for every call, so it is read once a second by the sampler: the CPU the thread used
 * since the last reading is shared among the calls it ran meanwhile by their wall time, and no call
 * gets more than its wall time; what is left is the owner's, if the thread has one. A call that burns
 * CPU is charged all of it; a call that waits is charged at most the little CPU its thread used.
 *
 * <p>The thread itself (as calls begin and end) and the sampler both settle, under this object's
 * lock, which is uncontended but once a second.
 */
final class ThreadState {

    final long threadId;
    final WeakReference<Thread> thread;
    /** The plugin that started this thread (its thread factory, or seen running its code); null for others. */
    private volatile PluginLedger owner;
    private volatile boolean fromFactory;

    /** The innermost call in flight on this thread; null when none. */
    private MeteredCall current;
    /** When the current call last became innermost (wall time). */
    private long currentSince;
    private long fromAllocated;
    private long fromCpu;
    /** Wall time each entry was innermost since the last CPU reading. */
    private final List<Slice> slices = new ArrayList<>(2);

    /** Wall time one entry of one plugin was the innermost call on this thread. */
    private static final class Slice {
        final PluginLedger plugin;
        final EntryLedger entry;
        long nanos;

        Slice(PluginLedger plugin, EntryLedger entry) {
            this.plugin = plugin;
            this.entry = entry;
        }
    }

    ThreadState(Thread thread, long cpu) {
        this.threadId = thread.getId();
        this.thread = new WeakReference<>(thread);
        this.fromCpu = cpu;
    }

    /** A thread made by a plugin's thread factory: all its CPU (from 0, it has not run yet) is the plugin's. */
    static ThreadState ofFactory(Thread thread, PluginLedger owner) {
        ThreadState s = new ThreadState(thread, 0);
        s.owner = owner;
        s.fromFactory = true;
        return s;
    }

    PluginLedger owner() {
        return owner;
    }

    boolean fromFactory() {
        return fromFactory;
    }

    /** The sampler saw the thread running {@code plugin}'s code: its CPU from this reading on is the plugin's. */
    synchronized void adopt(PluginLedger plugin, long cpu, long allocated, long now) {
        if (owner == null) {
            settle(cpu, allocated, now);
            owner = plugin;
        }
    }

    /** Whether the sampler has CPU to share out here: a call ran since the last reading, or one runs, or a watched owner. */
    synchronized boolean hasCpuToCharge() {
        return current != null || !slices.isEmpty() || owner != null && owner.watched() != null;
    }

    /** The thread begins a call: the enclosing call (or owner) is charged its allocation and wall time until now. */
    synchronized void push(MeteredCall call, long now, long allocated) {
        leave(now, allocated);
        current = call;
    }

    /** The thread ends {@code call}: its allocation and wall time are charged, then the enclosing call resumes. */
    synchronized void pop(MeteredCall call, long now, long allocated) {
        if (current != call) {
            // ended out of order (a caller's mistake): charge nothing rather than the wrong call
            return;
        }
        leave(now, allocated);
        current = call.parent;
    }

    MeteredCall current() {
        return current;
    }

    /** Called with the lock: closes the current holder's stretch at {@code now}. */
    private void leave(long now, long allocated) {
        long dAllocated = allocated - fromAllocated;
        MeteredCall c = current;
        if (c != null) {
            c.plugin.charge(c.entry, 0, dAllocated);
            slice(c).nanos += Math.max(0, now - currentSince);
        } else if (owner != null && owner.watched() != null) {
            owner.charge(owner.threadsEntry(), 0, dAllocated);
        }
        fromAllocated = Math.max(fromAllocated, allocated);
        currentSince = Math.max(currentSince, now);
    }

    private Slice slice(MeteredCall c) {
        for (Slice s : slices) {
            if (s.entry == c.entry) {
                return s;
            }
        }
        Slice s = new Slice(c.plugin, c.entry);
        slices.add(s);
        return s;
    }

    /**
     * The sampler's reading of this thread's clocks: allocation goes to whoever holds the thread now,
     * the CPU since the last reading is shared as the class comment says.
     */
    synchronized void settle(long cpu, long allocated, long now) {
        leave(now, allocated);
        settleCpu(cpu, now);
    }

    private void settleCpu(long cpu, long now) {
        if (current != null) {
            slice(current).nanos += Math.max(0, now - currentSince);
            currentSince = Math.max(currentSince, now);
        }
        long used = Math.max(0, cpu - fromCpu);
        // a reading of another thread may come a moment behind the thread's own: never step back
        fromCpu = Math.max(fromCpu, cpu);
        long inCalls = 0;
        for (Slice s : slices) {
            inCalls += Math.max(0, s.nanos);
        }
        long forCalls = Math.min(used, inCalls);
        for (Slice s : slices) {
            if (s.nanos > 0) {
                s.plugin.charge(s.entry, (long) ((double) forCalls * s.nanos / inCalls), 0);
            }
        }
        slices.clear();
        PluginLedger o = owner;
        if (o != null && o.watched() != null) {
            o.charge(o.threadsEntry(), used - forCalls, 0);
        }
    }

    /** The thread itself, as it ends (its clocks cannot be read once it is dead). */
    void settleOwn(ThreadMeter meter) {
        settle(meter.currentThreadCpu(), meter.currentThreadAllocated(), meter.nanoTime());
    }
}
