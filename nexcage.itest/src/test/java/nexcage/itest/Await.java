package nexcage.itest;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits for a condition with a deadline (Awaitility, installed in the framework beside JUnit):
 * polls every 25 ms in the test's own thread, an exception of the probe counting as "not yet",
 * and fails with what was awaited and what it last saw.
 */
final class Await {
    static final Duration DEFAULT = Duration.ofSeconds(15);

    private Await() {
    }

    /**
     * Calls {@code probe} until {@code done} accepts its result, and returns that result.
     *
     * @param what what is awaited, for the failure message (which also shows the last result or exception)
     */
    static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<? super T> done) {
        try {
            return Awaitility.await(what).atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(25)).ignoreExceptions().until(probe, done);
        } catch (ConditionTimeoutException e) {
            AssertionError fail = new AssertionError(e.getMessage()
                    + (e.getCause() == null ? "" : " Last exception: " + e.getCause()));
            fail.initCause(e);
            throw fail;
        }
    }

    static <T> T until(String what, Callable<T> probe, Predicate<? super T> done) {
        return until(what, DEFAULT, probe, done);
    }
}
