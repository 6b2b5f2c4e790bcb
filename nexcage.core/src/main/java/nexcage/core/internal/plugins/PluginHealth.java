package nexcage.core.internal.plugins;

import java.util.Locale;

import nexcage.api.HealthStatus;
import nexcage.api.backend.BackendHealth;

/**
 * A plugin's health as users see it (DESIGN §8): the seed's four values from the plugin's own
 * check, and {@code undetected} for a backend plugin whose engine is not there at all. A plugin
 * that provides a backend shows its backend's health word for word, so {@code plugin list},
 * {@code backend list} and the daemon log never name the same fact two ways.
 */
public enum PluginHealth {
    HEALTHY, DEGRADED, UNHEALTHY, UNKNOWN, UNDETECTED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PluginHealth of(HealthStatus h) {
        return h == null ? UNKNOWN : valueOf(h.name());
    }

    /** The one mapping from a backend's health to its plugin's: the same word. */
    public static PluginHealth of(BackendHealth.State s) {
        return switch (s) {
            case HEALTHY -> HEALTHY;
            case UNHEALTHY -> UNHEALTHY;
            case UNDETECTED -> UNDETECTED;
        };
    }
}
