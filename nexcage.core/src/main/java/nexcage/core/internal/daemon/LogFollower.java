package nexcage.core.internal.daemon;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lines about one plugin as they are written, for a client that follows them ({@code logs
 * --plugin -f}, {@code --plugin-debug}). The log hands each line over without waiting: a client
 * that reads slower than the plugin logs loses lines (counted, and told) rather than slowing the
 * daemon down. {@link #history()} is what the plugin's file held when the follow began, so that
 * nothing falls between the two.
 */
public final class LogFollower implements AutoCloseable {
    static final int CAPACITY = 10_000;

    private final String plugin;
    private final List<LogLine> history;
    private final BlockingQueue<LogLine> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Runnable unsubscribe;

    LogFollower(String plugin, List<LogLine> history, int capacity, java.util.function.Function<LogFollower, Runnable> subscribe) {
        this.plugin = plugin;
        this.history = history;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.unsubscribe = subscribe.apply(this);
    }

    public String plugin() {
        return plugin;
    }

    /** The plugin's kept lines when the follow began, oldest first (empty when none was asked for). */
    public List<LogLine> history() {
        return history;
    }

    /** Called by the log, never blocks. */
    void offer(LogLine line) {
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    /** The next line, waiting at most this long; null if none came. */
    public LogLine poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    /** The next line if one is there now, else null. */
    public LogLine poll() {
        return queue.poll();
    }

    /** How many lines were dropped since the last call, as the reader was too slow. */
    public long takeDropped() {
        return dropped.getAndSet(0);
    }

    @Override
    public void close() {
        unsubscribe.run();
    }
}
