package nexcage.itest;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waits for a condition with a deadline: polls every 25 ms and fails with what it last saw. The
 * sleep between polls is only the poll interval; the condition is what the tests synchronise on.
 */
final class Await {
    static final Duration DEFAULT = Duration.ofSeconds(15);
    private static final long POLL_MS = 25;

    private Await() {
    }

    /**
     * Calls {@code probe} until {@code done} accepts its result, and returns that result.
     *
     * @param what what is awaited, for the failure message (which also shows the last result or exception)
     */
    static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception lastError = null;
        while (true) {
            try {
                last = probe.call();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                lastError = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                AssertionError fail = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + "; last seen: " + (lastError != null ? lastError : last));
                if (lastError != null) {
                    fail.initCause(lastError);
                }
                throw fail;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    static <T> T until(String what, Callable<T> probe, Predicate<? super T> done) {
        return until(what, DEFAULT, probe, done);
    }
}
