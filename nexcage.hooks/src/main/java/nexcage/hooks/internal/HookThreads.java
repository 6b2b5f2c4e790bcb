package nexcage.hooks.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads timed handlers run on, made on demand (a direct hand-off queue never lets a task
 * wait behind a hung one) up to a bound. Idle ones end after {@link #IDLE_S}: an idle daemon
 * holds none (each about 0.1 MB of stack and native memory, bench/README.md issue 22), and making
 * one costs a tenth of a millisecond. Daemon threads, so a handler stuck for ever cannot keep the
 * JVM alive.
 */
public final class HookThreads {

    static final int MAX_THREADS = 256;
    static final long IDLE_S = 2;

    private HookThreads() {
    }

    public static ExecutorService create() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, MAX_THREADS, IDLE_S, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "nexcage-hook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
