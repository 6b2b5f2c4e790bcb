package nexcage.core.internal.plugins;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a call into a plugin on the daemon's plugin executor and waits at most the plugin's
 * timeout. An overrunning call keeps its thread (Java cannot stop it safely); the caller moves on.
 */
public final class Timed {

    /** The call failed or overran; the message is ready for users. */
    public static final class CallFailed extends Exception {
        private static final long serialVersionUID = 1L;

        CallFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Timed() {
    }

    public static <T> T call(ExecutorService executor, String what, int timeoutSeconds, Callable<T> call) throws CallFailed {
        AtomicReference<Thread> worker = new AtomicReference<>();
        Future<T> f = executor.submit(() -> {
            worker.set(Thread.currentThread());
            return call.call();
        });
        try {
            return f.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new CallFailed(what + " did not return in " + timeoutSeconds + " s" + stuckIn(worker.get())
                    + "; restart the daemon to clear it", e);
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
                    && !c.startsWith("nexcage.core.")) {
                return "; stuck in " + c + "." + frame.getMethodName();
            }
        }
        return "";
    }
}
