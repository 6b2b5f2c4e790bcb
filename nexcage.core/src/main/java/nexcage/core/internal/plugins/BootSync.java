package nexcage.core.internal.plugins;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * When the plugins present at boot count as in: at the end of the deployer's first round that
 * leaves no file being checked, or of the first round once a slow check has had {@link
 * #CHECK_WAIT_MS} (a slow file does not hold the first commands up, issue 21). Commands wait for
 * it ({@link PluginDeployer#awaitBoot}), and {@code system.startup} fires once at it. OSGi-free;
 * its rounds are told on the deployer's thread only.
 */
final class BootSync {
    /** At boot, commands wait for the plugins' checks at most this long. */
    static final long CHECK_WAIT_MS = 3000;

    private final CountDownLatch done = new CountDownLatch(1);
    private long firstRoundAt = -1;

    /** True until the boot's plugins count as in. */
    boolean pending() {
        return done.getCount() > 0;
    }

    /**
     * A round ended at {@code nowMs}, {@code checking} whether files are still being checked; true
     * exactly once, at the round that makes the boot's plugins count as in.
     */
    boolean roundEnded(boolean checking, long nowMs) {
        if (firstRoundAt < 0) {
            firstRoundAt = nowMs;
        }
        if (pending() && (!checking || nowMs - firstRoundAt > CHECK_WAIT_MS)) {
            done.countDown();
            return true;
        }
        return false;
    }

    /** Waits (bounded) for the boot's plugins; false when they did not count as in within the time. */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }
}
