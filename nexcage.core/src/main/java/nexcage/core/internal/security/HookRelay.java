package nexcage.core.internal.security;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Hands items from the violating thread (which may hold locks a hook handler needs) to one task on
 * the daemon's executor, which passes them on in order. The queue is bounded: when handlers fall
 * behind a flood, items beyond it are dropped and counted, never queued by the thousand.
 */
final class HookRelay<T> {
    static final int CAPACITY = 1000;

    private final BlockingQueue<T> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final Executor executor;
    private final Consumer<T> sink;
    private final LongConsumer onDropped;

    /** @param onDropped told, after a drain, how many items were dropped since the last time */
    HookRelay(Executor executor, Consumer<T> sink, LongConsumer onDropped) {
        this.executor = executor;
        this.sink = sink;
        this.onDropped = onDropped;
    }

    /** Never blocks, never throws. */
    void offer(T item) {
        if (!queue.offer(item)) {
            dropped.incrementAndGet();
        }
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RuntimeException rejected) {
                // the executor is shut down: the daemon is stopping, and nobody waits for these any more
                draining.set(false);
            }
        }
    }

    private void drain() {
        do {
            T item;
            while ((item = queue.poll()) != null) {
                try {
                    sink.accept(item);
                } catch (RuntimeException e) {
                    // one failing item must not strand the ones behind it; the sink logs its own failures
                }
            }
            long d = dropped.getAndSet(0);
            if (d > 0) {
                onDropped.accept(d);
            }
            draining.set(false);
            // an item offered after the last poll but before the flag fell would wait for the next offer otherwise
        } while (!queue.isEmpty() && draining.compareAndSet(false, true));
    }
}
