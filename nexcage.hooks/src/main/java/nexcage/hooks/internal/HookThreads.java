package nexcage.hooks.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads timed handlers run on. Two are started up front so the first hook pays no thread
 * creation; more are made on demand (a direct hand-off queue never lets a task wait behind a
 * hung one) up to a bound, and idle extras die after a while. Daemon threads, so a handler stuck
 * for ever cannot keep the JVM alive.
 */
public final class HookThreads {

    static final int MAX_THREADS = 256;

    private HookThreads() {
    }

    public static ExecutorService create() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "nexcage-hook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.prestartAllCoreThreads();
        return pool;
    }
}
