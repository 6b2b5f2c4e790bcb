package nexcage.accounting.internal;

import java.lang.ref.WeakReference;

/**
 * Where one thread's CPU time and allocation are charged. Every moment of a thread's CPU goes to
 * exactly one place: the innermost call into a plugin it is running, else the plugin that owns the
 * thread (its {@code threads} entry), else nowhere. Readings up to {@link #fromCpu} have been
 * charged; the thread itself (as calls begin and end) and the sampler (for calls in flight and owned
 * threads) both settle, under this object's lock, which is uncontended but once a second.
 */
final class ThreadState {

    final long threadId;
    final WeakReference<Thread> thread;
    /** The plugin that started this thread (its thread factory, or seen running its code); null for others. */
    private volatile PluginLedger owner;
    private volatile boolean fromFactory;

    /** The innermost call in flight on this thread; null when none. */
    private MeteredCall current;
    private long fromCpu;
    private long fromAllocated;

    ThreadState(Thread thread) {
        this.threadId = thread.getId();
        this.thread = new WeakReference<>(thread);
    }

    /** A thread made by a plugin's thread factory: all its CPU (from 0, it has not run yet) is the plugin's. */
    static ThreadState ofFactory(Thread thread, PluginLedger owner) {
        ThreadState s = new ThreadState(thread);
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

    /** The sampler saw the thread running {@code plugin}'s code; charged from the given readings on. */
    synchronized void adopt(PluginLedger plugin, long cpu, long allocated) {
        if (owner == null) {
            settle(cpu, allocated);
            owner = plugin;
        }
    }

    synchronized boolean inCall() {
        return current != null;
    }

    /** The thread begins a call: what ran until now is charged to the enclosing call or owner. */
    synchronized void push(MeteredCall call, long cpu, long allocated) {
        settle(cpu, allocated);
        current = call;
    }

    /** The thread ends {@code call}: its CPU up to now is charged to it, then the enclosing call resumes. */
    synchronized void pop(MeteredCall call, long cpu, long allocated) {
        if (current != call) {
            // ended out of order (a caller's mistake): charge nothing rather than the wrong call
            return;
        }
        settle(cpu, allocated);
        current = call.parent;
    }

    MeteredCall current() {
        return current;
    }

    /** Charges the readings' growth since the last settle to the innermost call, else the owner. */
    synchronized void settle(long cpu, long allocated) {
        long dCpu = cpu - fromCpu;
        long dAllocated = allocated - fromAllocated;
        MeteredCall c = current;
        if (c != null) {
            c.plugin.charge(c.entry, dCpu, dAllocated);
        } else if (owner != null && owner.watched() != null) {
            owner.charge(owner.threadsEntry(), dCpu, dAllocated);
        }
        // readings of another thread may come a moment behind the thread's own: never step back
        fromCpu = Math.max(fromCpu, cpu);
        fromAllocated = Math.max(fromAllocated, allocated);
    }
}
