package nexcage.accounting.internal.plugin;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Stands for a plugin's own code: a thread started into it waits until released. */
public final class PluginCode implements Runnable {

    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch release;

    public PluginCode(CountDownLatch release) {
        this.release = release;
    }

    @Override
    public void run() {
        running.countDown();
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void awaitRunning() throws InterruptedException {
        running.await(30, TimeUnit.SECONDS);
    }
}
