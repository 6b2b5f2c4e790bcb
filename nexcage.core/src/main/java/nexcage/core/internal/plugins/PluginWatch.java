package nexcage.core.internal.plugins;

import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.WatchedPlugin;
import nexcage.api.PluginMetadata;
import nexcage.core.internal.daemon.Daemon;

/**
 * Has the accounting watch each plugin from the moment its bundle starts (before its activator
 * and its init, however it was started) until it has stopped, and says in the log when a plugin
 * still runs threads of its own after it stopped ({@link WatchedStarts}).
 */
@Component(immediate = true)
public class PluginWatch {
    /** How long a stopped plugin's threads get to end. */
    static final long THREADS_GRACE_MS = 3000;

    private final BundleTracker<String> tracker;

    @Activate
    public PluginWatch(BundleContext context, @Reference Daemon daemon, @Reference PluginRegistry registry,
            @Reference PluginAccounting accounting) {
        WatchedStarts starts = new WatchedStarts(accounting, daemon.log(), daemon.pluginCalls(), THREADS_GRACE_MS);
        this.tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING, null) {
            @Override
            public String addingBundle(Bundle bundle, BundleEvent event) {
                Optional<PluginMetadata> m = registry.metadata(bundle);
                if (m.isEmpty()) {
                    return null;
                }
                String name = m.get().name();
                starts.started(new WatchedPlugin(name, m.get().resources(), daemon.paths().pluginData(name), OwnPackages.of(bundle)));
                return name;
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, String name) {
                starts.stopped(name);
            }
        };
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }
}
