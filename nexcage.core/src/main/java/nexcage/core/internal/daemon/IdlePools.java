package nexcage.core.internal.daemon;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Thread pools whose threads end when idle. An idle daemon holds none of them: each costs about
 * 0.1 MB of stack and native memory (bench/README.md, issue 22), and making one again costs a
 * tenth of a millisecond, nothing next to a command's round trip.
 */
public final class IdlePools {
    /** How long a pool thread waits for work before it ends. */
    public static final long IDLE_S = 2;

    private IdlePools() {
    }

    /** As {@code Executors.newCachedThreadPool}: a thread per task when none is idle, unbounded. */
    public static ExecutorService cached(String prefix) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_S, TimeUnit.SECONDS, new SynchronousQueue<>(), Daemon.named(prefix));
    }

    /** As {@code Executors.newFixedThreadPool}: at most {@code threads}, further tasks queue. */
    public static ExecutorService fixed(String prefix, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_S, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Daemon.named(prefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * A scheduler with one thread while tasks are queued and none when the queue is empty. Only for
     * one-shot tasks (a periodic task keeps its thread for ever); cancelled ones are removed at once.
     */
    public static ScheduledThreadPoolExecutor scheduler(String prefix) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(0, Daemon.named(prefix));
        pool.setKeepAliveTime(IDLE_S, TimeUnit.SECONDS);
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }
}
