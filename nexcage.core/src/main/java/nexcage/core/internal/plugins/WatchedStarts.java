package nexcage.core.internal.plugins;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.WatchedPlugin;
import nexcage.core.internal.daemon.DaemonLog;

/**
 * OSGi-free half of {@link PluginWatch}: the accounting watches a plugin from its start; when it
 * has stopped, its threads get a moment to end (an executor shut down in deinit ends its threads
 * a little later), a plugin that still runs some is named in the log, and the watch ends, unless
 * the plugin was started again meanwhile.
 */
final class WatchedStarts {
    private static final long POLL_MS = 100;

    private final PluginAccounting accounting;
    private final DaemonLog log;
    private final Executor executor;
    private final long graceMs;
    /** Which start of each plugin is watched now, so that the end of an earlier one does not unwatch a restarted plugin. */
    private final Map<String, Long> generation = new ConcurrentHashMap<>();
    private final AtomicLong starts = new AtomicLong();

    WatchedStarts(PluginAccounting accounting, DaemonLog log, Executor executor, long graceMs) {
        this.accounting = accounting;
        this.log = log;
        this.executor = executor;
        this.graceMs = graceMs;
    }

    void started(WatchedPlugin plugin) {
        generation.put(plugin.name(), starts.incrementAndGet());
        accounting.watch(plugin);
    }

    /** Returns at once: the wait for the plugin's threads runs on the executor. */
    void stopped(String name) {
        Long watched = generation.get(name);
        if (watched == null) {
            return;
        }
        try {
            executor.execute(() -> afterStop(name, watched));
        } catch (RejectedExecutionException daemonStopping) {
            unwatch(name, watched);
        }
    }

    private void afterStop(String name, long watched) {
        long deadline = System.nanoTime() + graceMs * 1_000_000;
        int threads = threads(name);
        try {
            while (threads > 0 && System.nanoTime() < deadline && current(name, watched)) {
                Thread.sleep(POLL_MS);
                threads = threads(name);
            }
        } catch (InterruptedException daemonStopping) {
            // the daemon is shutting down: the sampler's last count is stale, so naming the plugin would be a guess
            Thread.currentThread().interrupt();
            unwatch(name, watched);
            return;
        }
        if (threads > 0 && current(name, watched)) {
            log.warn("plugins", "plugin " + name + " stopped but still runs " + threads + (threads == 1 ? " thread" : " threads")
                    + " of its own; its deinit should end every thread it started (see nexcage plugin stats " + name + ")");
        }
        unwatch(name, watched);
    }

    /** Whether this start of the plugin is still the one watched (it was not started again meanwhile). */
    private boolean current(String name, long watched) {
        return Long.valueOf(watched).equals(generation.get(name));
    }

    private int threads(String name) {
        return accounting.usage(name).map(PluginUsage::threads).orElse(0);
    }

    private void unwatch(String name, long watched) {
        if (generation.remove(name, watched)) {
            accounting.unwatch(name);
        }
    }
}
