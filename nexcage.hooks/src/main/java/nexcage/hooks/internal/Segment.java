package nexcage.hooks.internal;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import nexcage.accounting.admin.PluginCall;

/**
 * A run of consecutive timed handlers of one dispatch, executed one after another by a single
 * worker thread: one thread hand-off per dispatch rather than per handler, which is what keeps
 * the cost per handler low.
 *
 * <p>The worker and the waiting caller agree through {@link #step}: the worker publishes which
 * handler runs and since when; the caller waits until that handler's deadline and, if it is
 * still running then, swaps in {@link #ABANDONED}. Whoever wins the compare-and-set decides:
 * a worker that loses just leaves (its thread is never waited for), a caller that loses sees
 * progress and keeps waiting.
 */
final class Segment implements Runnable {

    /** Handler {@code index} has been running since {@code start} (nanoTime). */
    record Step(int index, long start) {
    }

    /** The worker is recording a finished call; not abandonable, takes microseconds. */
    static final Step BUSY = new Step(-1, 0);
    static final Step DONE = new Step(-2, 0);
    static final Step ABANDONED = new Step(-3, 0);

    /** How long the caller polls before parking: a short run of fast handlers then costs no wake-up. */
    private static final long SPIN_NANOS = 20_000;

    private final HookDispatcherCore core;
    private final Dispatch dispatch;
    private final Registration[] run;
    private final int end;
    private final Thread caller;
    private final AtomicReference<Step> step;

    /** The first handler's clock starts at submission, so time queued for a thread counts too. */
    Segment(HookDispatcherCore core, Dispatch dispatch, Registration[] run, int from, int end) {
        this.core = core;
        this.dispatch = dispatch;
        this.run = run;
        this.end = end;
        this.caller = Thread.currentThread();
        this.step = new AtomicReference<>(new Step(from, System.nanoTime()));
    }

    @Override
    public void run() {
        Frame frame = Frame.CURRENT.get();
        Set<String> outerChain = frame.chain;
        String outerPlugin = frame.plugin;
        frame.chain = dispatch.chain;
        try {
            Step current = step.get();
            while (current.index() >= 0) {
                Registration r = run[current.index()];
                frame.plugin = r.plugin;
                Invocation inv = new Invocation(dispatch);
                PluginCall call = core.begin(r);
                long t0 = System.nanoTime();
                Throwable error = null;
                try {
                    r.handler.handle(inv);
                } catch (Throwable t) {
                    error = t;
                }
                long t1 = System.nanoTime();
                if (!step.compareAndSet(current, BUSY)) {
                    // the caller counted the timeout: only the call's cost is left to add
                    call.endLate();
                    core.abandonedCallReturned(r, t1 - t0);
                    return;
                }
                call.end(error != null || inv.misused);
                core.finish(dispatch, r, inv, t1 - t0, error);
                int next = current.index() + 1;
                if (next >= end || dispatch.vetoed) {
                    step.set(DONE);
                    LockSupport.unpark(caller);
                    return;
                }
                current = new Step(next, t1);
                step.set(current);
            }
        } finally {
            frame.chain = outerChain;
            frame.plugin = outerPlugin;
        }
    }

    /**
     * Waits for the segment on the caller's thread.
     *
     * @return -1 when every handler finished, else the index of the handler that overran its
     *     timeout and was abandoned (the dispatch goes on after it)
     */
    int await() {
        boolean interrupted = false;
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        try {
            while (true) {
                Step s = step.get();
                if (s == DONE) {
                    return -1;
                }
                long now = System.nanoTime();
                if (s == BUSY) {
                    if (now - spinUntil < 0) {
                        Thread.onSpinWait();
                    } else {
                        Thread.yield();
                    }
                    continue;
                }
                long left = s.start() + run[s.index()].timeoutNanos - now;
                if (left <= 0) {
                    if (step.compareAndSet(s, ABANDONED)) {
                        return s.index();
                    }
                    continue;
                }
                if (now - spinUntil < 0) {
                    Thread.onSpinWait();
                    continue;
                }
                LockSupport.parkNanos(this, left);
                // an interrupt must not turn the wait into a busy loop, nor cut a handler's time short;
                // it is restored for the caller afterwards
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
