package nexcage.core.internal.plugins;

import java.nio.file.Path;

import nexcage.api.PluginMetadata;

/**
 * Everything known of one plugin at one moment, as {@code plugin list/info} show it. Immutable:
 * {@link PluginRegistry}, its only writer, replaces a record whole. {@code metadata} is null for a
 * file or bundle whose headers are invalid; {@code bundleId} is -1 when nothing is installed;
 * {@code source} and {@code sha256} are those of the file the bundle was installed from (null for a
 * bundle taken over from the framework cache until its file is seen). {@code bundleState} is what
 * the framework says; {@link #state()} is what users see. {@code disabledReason} says why the core
 * disabled the plugin by itself (null when a person did, or it is enabled).
 */
public record PluginRecord(String name, String version, String file, PluginMetadata metadata, long bundleId,
        PluginState bundleState, String failure, boolean enabled, PluginHealth checkedHealth, PluginHealth backendHealth,
        String signer, boolean stuck, long failedAtGeneration, Path source, String sha256, String disabledReason) {

    /** A file that failed validation, or that the framework refused. */
    static PluginRecord rejected(String name, String version, String file, String reason, String signer) {
        return new PluginRecord(name, version, file, null, -1, PluginState.REJECTED, reason, true, PluginHealth.UNKNOWN, null,
                signer, false, -1, null, null, null);
    }

    public PluginState state() {
        if (bundleState == PluginState.REJECTED) {
            return PluginState.REJECTED;
        }
        if (failure != null) {
            return PluginState.FAILED;
        }
        if (!enabled && (bundleState == PluginState.INSTALLED || bundleState == PluginState.RESOLVED)) {
            return PluginState.DISABLED;
        }
        return bundleState;
    }

    /** Why the plugin is rejected or failed, or why the core disabled it (capability violations); null otherwise. */
    public String reason() {
        PluginState s = state();
        return s == PluginState.REJECTED || s == PluginState.FAILED ? failure : s == PluginState.DISABLED ? disabledReason : null;
    }

    /** A backend plugin shows its backend's health; any other its own last check; nothing that is not running is known. */
    public PluginHealth health() {
        if (state() != PluginState.ACTIVE) {
            return PluginHealth.UNKNOWN;
        }
        return backendHealth != null ? backendHealth : checkedHealth;
    }

    boolean installed() {
        return bundleId >= 0;
    }

    /**
     * True for a bundle the deployer installed from a file or took over from the framework cache at
     * boot (it knows the content's digest); a bundle installed at its location some other way (a
     * test, {@code felix:install}) is listed but left to whoever installed it.
     */
    boolean deployed() {
        return installed() && sha256 != null;
    }

    PluginRecord withBundleState(PluginState s) {
        return new PluginRecord(name, version, file, metadata, bundleId, s, failure, enabled, checkedHealth, backendHealth, signer,
                stuck, failedAtGeneration, source, sha256, disabledReason);
    }

    PluginRecord withFailure(String reason) {
        return new PluginRecord(name, version, file, metadata, bundleId, bundleState, reason, enabled, checkedHealth, backendHealth,
                signer, stuck, failedAtGeneration, source, sha256, disabledReason);
    }

    PluginRecord withEnabled(boolean e, String whyDisabled) {
        return new PluginRecord(name, version, file, metadata, bundleId, bundleState, failure, e, checkedHealth, backendHealth, signer,
                stuck, failedAtGeneration, source, sha256, e ? null : whyDisabled);
    }

    PluginRecord withHealth(PluginHealth checked, PluginHealth backend) {
        return new PluginRecord(name, version, file, metadata, bundleId, bundleState, failure, enabled, checked, backend, signer,
                stuck, failedAtGeneration, source, sha256, disabledReason);
    }

    PluginRecord withStuck(boolean s) {
        return new PluginRecord(name, version, file, metadata, bundleId, bundleState, failure, enabled, checkedHealth, backendHealth,
                signer, s, failedAtGeneration, source, sha256, disabledReason);
    }

    PluginRecord withFailedAt(long generation) {
        return new PluginRecord(name, version, file, metadata, bundleId, bundleState, failure, enabled, checkedHealth, backendHealth,
                signer, stuck, generation, source, sha256, disabledReason);
    }

    /** The file the bundle now comes from (after an install, update or a move of the same content). */
    PluginRecord withSource(Path from, String sha, String signedBy) {
        return new PluginRecord(name, version, from == null ? file : from.getFileName().toString(), metadata, bundleId, bundleState,
                failure, enabled, checkedHealth, backendHealth, signedBy, stuck, failedAtGeneration, from, sha, disabledReason);
    }

    /** New headers after an update: the same bundle, its new metadata and version. */
    PluginRecord withMetadata(PluginMetadata m, String v) {
        return new PluginRecord(m == null ? name : m.name(), v, file, m, bundleId, bundleState, failure, enabled, checkedHealth,
                backendHealth, signer, stuck, failedAtGeneration, source, sha256, disabledReason);
    }
}
