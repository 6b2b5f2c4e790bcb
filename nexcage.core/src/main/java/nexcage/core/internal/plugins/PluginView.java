package nexcage.core.internal.plugins;

import nexcage.api.HealthStatus;
import nexcage.api.PluginMetadata;

/**
 * One plugin as users see it at one moment. {@code metadata} is null for a file rejected before its
 * headers could be read; {@code bundleId} is -1 when nothing is installed; {@code reason} is set
 * for rejected and failed plugins.
 */
public record PluginView(String name, String version, PluginState state, HealthStatus health, String file,
        String reason, PluginMetadata metadata, long bundleId) {
}
