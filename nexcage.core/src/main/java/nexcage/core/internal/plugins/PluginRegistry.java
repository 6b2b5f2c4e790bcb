package nexcage.core.internal.plugins;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;

import nexcage.api.HealthStatus;
import nexcage.api.PluginHeaders;
import nexcage.api.PluginMetadata;
import nexcage.api.backend.BackendHealth;
import nexcage.api.validation.ValidationException;
import nexcage.core.internal.daemon.Daemon;

/**
 * The one owner of plugin state: one {@link PluginRecord} per plugin bundle (however it was
 * installed, so {@code felix:stop} shows up here too) and per rejected file, plus the enabled
 * flags ({@link PluginStateStore}). Others read records here and report facts through the methods
 * below; nobody else keeps plugin state. A bundle's headers are parsed once: the deployer hands
 * over what its file check parsed, and only a bundle installed some other way is read here.
 */
@Component(service = PluginRegistry.class, immediate = true)
public class PluginRegistry {

    private final Daemon daemon;
    private final PluginStateStore flags;
    private final Map<Long, PluginRecord> records = new ConcurrentHashMap<>();
    private final Map<Long, Bundle> bundles = new ConcurrentHashMap<>();
    private final Map<String, PluginRecord> rejectedFiles = new ConcurrentHashMap<>();
    /** Metadata the deployer parsed from the file it is about to install, by plugin name. */
    private final Map<String, PluginMetadata> handedOver = new ConcurrentHashMap<>();
    private final BundleTracker<PluginRecord> tracker;

    @Activate
    public PluginRegistry(BundleContext context, @Reference Daemon daemon) throws IOException {
        this.daemon = daemon;
        this.flags = new PluginStateStore(daemon.paths().state());
        int all = Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING;
        this.tracker = new BundleTracker<>(context, all, null) {
            @Override
            public PluginRecord addingBundle(Bundle bundle, BundleEvent event) {
                if (!PluginManifest.isPlugin(bundle.getHeaders("")::get)) {
                    return null;
                }
                PluginRecord r = read(bundle, null);
                bundles.put(bundle.getBundleId(), bundle);
                records.put(bundle.getBundleId(), r);
                return r;
            }

            @Override
            public void modifiedBundle(Bundle bundle, BundleEvent event, PluginRecord ignored) {
                records.computeIfPresent(bundle.getBundleId(), (id, r) -> event != null && event.getType() == BundleEvent.UPDATED
                        ? read(bundle, r) : r.withBundleState(r.metadata() == null ? PluginState.REJECTED : PluginState.ofBundle(bundle.getState())));
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, PluginRecord ignored) {
                records.remove(bundle.getBundleId());
                bundles.remove(bundle.getBundleId());
            }
        };
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    /** A fresh record of the bundle; after an update, what belongs to the plugin rather than its headers is kept from before. */
    private PluginRecord read(Bundle bundle, PluginRecord before) {
        String location = bundle.getLocation();
        String ownName = location.startsWith(PluginHeaders.LOCATION_PREFIX) ? location.substring(PluginHeaders.LOCATION_PREFIX.length()) : null;
        PluginMetadata m = ownName == null ? null : handedOver.remove(ownName);
        String invalid = null;
        if (m == null) {
            try {
                m = PluginManifest.read(bundle.getHeaders("")::get, daemon.runtimeVersion());
            } catch (ValidationException e) {
                invalid = e.getMessage();
                daemon.log().warn("plugins", "bundle " + bundle.getSymbolicName() + " (" + location + ") is not a valid plugin: " + invalid);
            }
        }
        String version = bundle.getVersion().toString();
        if (m == null) {
            String header = bundle.getHeaders("").get(PluginHeaders.NAME);
            String file = before != null ? before.file() : fileOf(location);
            return new PluginRecord(header == null || header.isBlank() ? file : header, version, file, null, bundle.getBundleId(),
                    PluginState.REJECTED, invalid, true, PluginHealth.UNKNOWN, null, null, false, -1, null, null, null);
        }
        if (before != null) {
            // an update: the new headers, no failure or health from the old code, the same file, flags and stuck mark
            return new PluginRecord(m.name(), version, before.file(), m, bundle.getBundleId(), PluginState.ofBundle(bundle.getState()),
                    null, before.enabled(), PluginHealth.UNKNOWN, before.backendHealth(), before.signer(), before.stuck(), -1,
                    before.source(), before.sha256(), before.disabledReason());
        }
        return new PluginRecord(m.name(), version, fileOf(location), m, bundle.getBundleId(), PluginState.ofBundle(bundle.getState()),
                null, flags.isEnabled(m.name()), PluginHealth.UNKNOWN, null, null, false, -1, null, null, flags.disabledReason(m.name()));
    }

    private static String fileOf(String location) {
        int slash = location.lastIndexOf('/');
        return slash >= 0 ? location.substring(slash + 1) : location;
    }

    // ---- reading ------------------------------------------------------------------------------

    /** Every plugin, sorted by name then file. */
    public List<PluginRecord> all() {
        List<PluginRecord> out = new ArrayList<>(records.values());
        out.addAll(rejectedFiles.values());
        out.sort(Comparator.comparing(PluginRecord::name).thenComparing(v -> v.file() == null ? "" : v.file()));
        return out;
    }

    /** The named plugin: its installed bundle when there is one, else a rejected file of that name. */
    public Optional<PluginRecord> byName(String name) {
        return all().stream().filter(v -> v.name().equals(name)).min(Comparator.comparing(v -> v.state() == PluginState.REJECTED));
    }

    /** The installed, valid plugin of that name. */
    public Optional<PluginRecord> installed(String name) {
        return records.values().stream().filter(r -> r.metadata() != null && r.name().equals(name)).findFirst();
    }

    /** The installed, valid plugins. */
    public List<PluginRecord> installed() {
        return records.values().stream().filter(r -> r.metadata() != null).sorted(Comparator.comparing(PluginRecord::name)).toList();
    }

    /** The bundle of the named valid plugin. */
    public Optional<Bundle> bundle(String name) {
        return installed(name).map(r -> bundles.get(r.bundleId()));
    }

    /** The metadata of a valid plugin bundle, if the bundle is one. */
    public Optional<PluginMetadata> metadata(Bundle bundle) {
        return Optional.ofNullable(records.get(bundle.getBundleId())).map(PluginRecord::metadata);
    }

    public boolean isEnabled(String name) {
        return flags.isEnabled(name);
    }

    // ---- facts reported by others -------------------------------------------------------------

    private void change(String name, UnaryOperator<PluginRecord> how) {
        installed(name).ifPresent(r -> records.computeIfPresent(r.bundleId(), (id, now) -> how.apply(now)));
    }

    /** The deployer is about to install or update the plugin from a file whose headers it has parsed. */
    void handOver(PluginMetadata m) {
        handedOver.put(m.name(), m);
    }

    /** The install or update did not happen: the handed-over headers are not for any bundle. */
    void withdraw(String name) {
        handedOver.remove(name);
    }

    /** The plugin's bundle now comes from this checked file. */
    void installedFrom(String name, PluginFileChecker.Checked c) {
        String signer = signerOf(c);
        change(name, r -> r.withSource(c.file(), c.sha256(), signer));
    }

    /** Who signed the checked file (its certificate's subject), null when it is unsigned or was not read that far. */
    static String signerOf(PluginFileChecker.Checked c) {
        return c.signature() != null && c.signature().signed() ? c.signature().signer() : null;
    }

    /** A bundle taken over from the framework cache: the digest of the copy it was installed from. */
    void adopted(String name, String sha256) {
        change(name, r -> r.withSource(null, sha256, r.signer()));
    }

    /** Marks the plugin failed with a reason a person can act on; null clears it. */
    public void fail(String name, String reason) {
        change(name, r -> r.withFailure(reason));
    }

    /** The failure reason recorded for the plugin, or null. */
    public String failure(String name) {
        return installed(name).map(PluginRecord::failure).orElse(null);
    }

    /** The plugin's own health check answered this. */
    public void health(String name, HealthStatus h) {
        PluginHealth before = installed(name).map(PluginRecord::checkedHealth).orElse(null);
        change(name, r -> r.withHealth(PluginHealth.of(h), r.backendHealth()));
        if (before != null && before != PluginHealth.of(h)) {
            daemon.log().about(name).info("plugins", "plugin " + name + " is " + PluginHealth.of(h).id() + " (was " + before.id() + ")");
        }
    }

    /** The backend the plugin provides was checked (null: it no longer provides one). */
    public void backendHealth(String plugin, BackendHealth.State s) {
        change(plugin, r -> r.withHealth(r.checkedHealth(), s == null ? null : PluginHealth.of(s)));
    }

    /** A start or stop of the plugin never returned: it holds its bundle's lock until the daemon restarts. */
    void stuck(String name) {
        change(name, r -> r.withStuck(true));
    }

    /** The plugin's start failed in this generation of changes (-1: forget it). */
    void failedAt(String name, long generation) {
        change(name, r -> r.withFailedAt(generation));
    }

    /** Records a file that failed validation, under its plugin name when valid, else its file name. */
    void reject(String listedName, String version, String file, String reason, String signer) {
        rejectedFiles.put(file, PluginRecord.rejected(listedName, version, file, reason, signer));
    }

    /** Forgets the rejections of files other than these (they were fixed or removed). */
    void retainRejections(Set<String> files) {
        rejectedFiles.keySet().retainAll(files);
    }

    /** {@code plugin enable/disable}: a new fact that wins over what config.yaml said before. */
    void setEnabled(String name, boolean enabled) throws IOException {
        setEnabled(name, enabled, null);
    }

    /** The core disables a plugin by itself with this reason, shown until it is enabled again (null: a person's choice). */
    void setEnabled(String name, boolean enabled, String reason) throws IOException {
        flags.setEnabled(name, enabled, reason);
        refreshEnabled();
        daemon.log().about(name).info("plugins", "plugin " + name + (enabled ? " enabled" : " disabled") + (reason == null ? "" : ": " + reason));
    }

    /** The {@code plugins.NAME.enabled} values config.yaml has now (null: no key; absent plugins: none). */
    void recordFileFlags(Map<String, Boolean> fromFile) {
        try {
            for (Map.Entry<String, Boolean> e : fromFile.entrySet()) {
                flags.recordFileFlag(e.getKey(), e.getValue());
            }
            for (String name : flags.pluginsWithFileFlag()) {
                if (!fromFile.containsKey(name)) {
                    flags.recordFileFlag(name, null);
                }
            }
        } catch (IOException e) {
            daemon.log().error("plugins", "cannot record the enabled flags of config.yaml in " + daemon.paths().state()
                    + "; check that directory's permissions", e);
        }
        refreshEnabled();
    }

    private void refreshEnabled() {
        records.replaceAll((id, r) -> r.metadata() == null ? r : r.withEnabled(flags.isEnabled(r.name()), flags.disabledReason(r.name())));
    }
}
