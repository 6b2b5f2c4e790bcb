package nexcage.core.internal.plugins;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.WatchedPlugin;
import nexcage.api.PluginMetadata;
import nexcage.core.internal.daemon.Daemon;

/**
 * Has the accounting watch each plugin from the moment its bundle starts (before its activator
 * and its init, however it was started) until it has stopped, and says in the log when a plugin
 * still runs threads of its own after it stopped (its deinit should have ended them).
 */
@Component(immediate = true)
public class PluginWatch {
    /** How long a stopped plugin's threads get to end (an executor shut down in deinit ends its threads a moment later). */
    static final long THREADS_GRACE_MS = 3000;
    private static final long POLL_MS = 100;

    private final Daemon daemon;
    private final PluginAccounting accounting;
    private final BundleTracker<String> tracker;
    /** Which start of each plugin is watched now, so that the end of an earlier one does not unwatch a restarted plugin. */
    private final Map<String, Long> generation = new ConcurrentHashMap<>();
    private final AtomicLong starts = new AtomicLong();

    @Activate
    public PluginWatch(BundleContext context, @Reference Daemon daemon, @Reference PluginRegistry registry,
            @Reference PluginAccounting accounting) {
        this.daemon = daemon;
        this.accounting = accounting;
        this.tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING, null) {
            @Override
            public String addingBundle(Bundle bundle, BundleEvent event) {
                Optional<PluginMetadata> m = registry.metadata(bundle);
                if (m.isEmpty()) {
                    return null;
                }
                String name = m.get().name();
                generation.put(name, starts.incrementAndGet());
                accounting.watch(new WatchedPlugin(name, m.get().resources(), daemon.paths().pluginData(name), OwnPackages.of(bundle)));
                return name;
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, String name) {
                stopped(name);
            }
        };
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    private void stopped(String name) {
        Long watched = generation.get(name);
        if (watched == null) {
            return;
        }
        try {
            daemon.pluginCalls().execute(() -> afterStop(name, watched));
        } catch (RejectedExecutionException daemonStopping) {
            unwatch(name, watched);
        }
    }

    /** Waits a moment for the plugin's threads to end, names the plugin if they do not, and stops watching it. */
    private void afterStop(String name, long watched) {
        long deadline = System.nanoTime() + THREADS_GRACE_MS * 1_000_000;
        int threads = threads(name);
        try {
            while (threads > 0 && System.nanoTime() < deadline && current(name, watched)) {
                Thread.sleep(POLL_MS);
                threads = threads(name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (threads > 0 && current(name, watched)) {
            daemon.log().warn("plugins", "plugin " + name + " stopped but still runs " + threads + (threads == 1 ? " thread" : " threads")
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
