package nexcage.core.internal.plugins;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginCall;

/**
 * Runs a call into a plugin on the daemon's plugin executor, waits at most the plugin's timeout,
 * and has the accounting count it. An overrunning call keeps its thread (Java cannot stop it
 * safely); the caller moves on.
 *
 * <p>The worker measures the call (its CPU time and allocation are the worker's); the caller that
 * stops waiting counts the timeout. Whoever settles the call first wins, so it is counted once: a
 * call that returns after its caller gave up only adds its cost ({@link PluginCall#endLate}). A
 * call fails when it throws; what it returns (a command's exit status, a health) is the plugin's
 * answer, not its failure.
 */
public final class Timed {

    /** The call failed or overran; the message is ready for users. */
    public static final class CallFailed extends Exception {
        private static final long serialVersionUID = 1L;

        CallFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ExecutorService executor;
    private final PluginAccounting accounting;

    public Timed(ExecutorService executor, PluginAccounting accounting) {
        this.executor = executor;
        this.accounting = accounting;
    }

    /**
     * Calls into {@code plugin} through {@code entry} (named as {@link PluginAccounting} names them,
     * e.g. {@code command:hello}); {@code what} names the call in the failure's sentence.
     */
    public <T> T call(String plugin, String entry, String what, int timeoutSeconds, Callable<T> call) throws CallFailed {
        AtomicReference<Thread> worker = new AtomicReference<>();
        AtomicBoolean settled = new AtomicBoolean();
        long submitted = System.nanoTime();
        Future<T> f = executor.submit(() -> {
            worker.set(Thread.currentThread());
            PluginCall measured = accounting.begin(plugin, entry);
            boolean failed = true;
            try {
                T result = call.call();
                failed = false;
                return result;
            } finally {
                if (settled.compareAndSet(false, true)) {
                    measured.end(failed);
                } else {
                    measured.endLate();
                }
            }
        });
        try {
            try {
                return f.get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                if (!settled.compareAndSet(false, true)) {
                    return f.get(); // it returned as the wait ran out: counted as returned, so it is its answer
                }
                accounting.timedOut(plugin, entry, System.nanoTime() - submitted);
                f.cancel(true);
                throw new CallFailed(what + " did not return in " + timeoutSeconds + " s" + stuckIn(worker.get())
                        + "; restart the daemon to clear it", e);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new CallFailed(what + " threw " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailed(what + " was interrupted", e);
        }
    }

    private static String stuckIn(Thread t) {
        if (t == null) {
            return "";
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            String c = frame.getClassName();
            if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.") && !c.startsWith("org.apache.felix.")
                    && !c.startsWith("nexcage.core.") && !c.startsWith("nexcage.accounting.")) {
                return "; stuck in " + c + "." + frame.getMethodName();
            }
        }
        return "";
    }
}
