package nexcage.core.internal.plugins;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;

import nexcage.api.HealthStatus;
import nexcage.api.PluginMetadata;
import nexcage.api.validation.ValidationException;
import nexcage.core.internal.daemon.Daemon;

/**
 * Knows every plugin: the bundles that carry NexCage headers (however they were installed, so
 * {@code felix:stop} shows up here too) and the files the deployer rejected. Each bundle's headers
 * are read and checked once, when it is first seen or updated.
 */
@Component(service = PluginRegistry.class, immediate = true)
public class PluginRegistry {

    /** What the registry remembers of a plugin bundle beyond the bundle's own state. */
    private static final class Entry {
        final Bundle bundle;
        final PluginMetadata metadata;
        final String invalidReason;
        volatile String file;
        volatile String failure;
        volatile boolean disabled;
        volatile HealthStatus health = HealthStatus.UNKNOWN;

        Entry(Bundle bundle, PluginMetadata metadata, String invalidReason) {
            this.bundle = bundle;
            this.metadata = metadata;
            this.invalidReason = invalidReason;
        }
    }

    private final Daemon daemon;
    private final Map<Long, Entry> bundles = new ConcurrentHashMap<>();
    private final Map<String, PluginView> rejectedFiles = new ConcurrentHashMap<>();
    private final BundleTracker<Entry> tracker;

    @Activate
    public PluginRegistry(BundleContext context, @Reference Daemon daemon) {
        this.daemon = daemon;
        int all = Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING;
        this.tracker = new BundleTracker<>(context, all, null) {
            @Override
            public Entry addingBundle(Bundle bundle, BundleEvent event) {
                if (!PluginManifest.isPlugin(bundle.getHeaders("")::get)) {
                    return null;
                }
                Entry e = read(bundle);
                bundles.put(bundle.getBundleId(), e);
                return e;
            }

            @Override
            public void modifiedBundle(Bundle bundle, BundleEvent event, Entry entry) {
                if (event != null && event.getType() == BundleEvent.UPDATED) {
                    Entry fresh = read(bundle);
                    fresh.file = entry.file;
                    fresh.disabled = entry.disabled;
                    bundles.put(bundle.getBundleId(), fresh);
                }
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Entry entry) {
                bundles.remove(bundle.getBundleId());
            }
        };
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    private Entry read(Bundle bundle) {
        try {
            return new Entry(bundle, PluginManifest.read(bundle.getHeaders("")::get, daemon.runtimeVersion()), null);
        } catch (ValidationException e) {
            daemon.log().warn("plugins", "bundle " + bundle.getSymbolicName() + " (" + bundle.getLocation()
                    + ") is not a valid plugin: " + e.getMessage());
            return new Entry(bundle, null, e.getMessage());
        }
    }

    /** Records a file that failed validation, under its plugin name when valid, else its file name. */
    public void reject(String listedName, String version, String file, String reason) {
        rejectedFiles.put(file, new PluginView(listedName, version, PluginState.REJECTED, HealthStatus.UNKNOWN, file,
                reason, null, -1));
    }

    /** Forgets an earlier rejection of this file (it was fixed or removed). */
    public void clearRejection(String file) {
        rejectedFiles.remove(file);
    }

    /** Forgets the rejections of files other than these (they were fixed or removed). */
    public void retainRejections(java.util.Set<String> files) {
        rejectedFiles.keySet().retainAll(files);
    }

    /** Notes that the plugin bundle came from this file. */
    public void setFile(Bundle bundle, String file) {
        Entry e = bundles.get(bundle.getBundleId());
        if (e != null) {
            e.file = file;
        }
    }

    /** Marks the plugin failed with a reason a person can act on; null clears it. */
    public void setFailure(Bundle bundle, String reason) {
        Entry e = bundles.get(bundle.getBundleId());
        if (e != null) {
            e.failure = reason;
        }
    }

    /** Marks the plugin disabled by the user (shown as {@code disabled} while it is not running). */
    public void setDisabled(Bundle bundle, boolean disabled) {
        Entry e = bundles.get(bundle.getBundleId());
        if (e != null) {
            e.disabled = disabled;
        }
    }

    /** The failure reason recorded for the bundle, or null. */
    public String failure(Bundle bundle) {
        Entry e = bundles.get(bundle.getBundleId());
        return e == null ? null : e.failure;
    }

    public void setHealth(Bundle bundle, HealthStatus health) {
        Entry e = bundles.get(bundle.getBundleId());
        if (e != null) {
            e.health = health;
        }
    }

    /** The metadata of a valid plugin bundle, if the bundle is one. */
    public Optional<PluginMetadata> metadata(Bundle bundle) {
        Entry e = bundles.get(bundle.getBundleId());
        return e == null ? Optional.empty() : Optional.ofNullable(e.metadata);
    }

    /** Every plugin, sorted by name then file. */
    public List<PluginView> all() {
        List<PluginView> out = new ArrayList<>();
        for (Entry e : bundles.values()) {
            out.add(view(e));
        }
        out.addAll(rejectedFiles.values());
        out.sort(Comparator.comparing(PluginView::name).thenComparing(v -> v.file() == null ? "" : v.file()));
        return out;
    }

    public Optional<PluginView> byName(String name) {
        return all().stream().filter(v -> v.name().equals(name))
                .min(Comparator.comparing(v -> v.state() == PluginState.REJECTED));
    }

    /** The bundle of the named valid plugin. */
    public Optional<Bundle> bundle(String name) {
        return bundles.values().stream().filter(e -> e.metadata != null && e.metadata.name().equals(name))
                .map(e -> e.bundle).findFirst();
    }

    private static PluginView view(Entry e) {
        Bundle b = e.bundle;
        String file = e.file != null ? e.file : fileOf(b.getLocation());
        if (e.metadata == null) {
            String name = b.getHeaders("").get(nexcage.api.PluginHeaders.NAME);
            return new PluginView(name == null || name.isBlank() ? file : name, b.getVersion().toString(),
                    PluginState.REJECTED, HealthStatus.UNKNOWN, file, e.invalidReason, null, b.getBundleId());
        }
        PluginState state = PluginState.ofBundle(b.getState());
        String reason = null;
        if (e.failure != null) {
            state = PluginState.FAILED;
            reason = e.failure;
        } else if (e.disabled && (state == PluginState.INSTALLED || state == PluginState.RESOLVED)) {
            state = PluginState.DISABLED;
        }
        HealthStatus health = state == PluginState.ACTIVE ? e.health : HealthStatus.UNKNOWN;
        return new PluginView(e.metadata.name(), e.metadata.version(), state, health, file, reason, e.metadata,
                b.getBundleId());
    }

    private static String fileOf(String location) {
        int slash = location.lastIndexOf('/');
        return slash >= 0 ? location.substring(slash + 1) : location;
    }
}
