package nexcage.api;

import java.util.Locale;

/** A plugin's health as its lifecycle service reports it; {@link #UNKNOWN} when it has no check. */
public enum HealthStatus {
    HEALTHY, DEGRADED, UNHEALTHY, UNKNOWN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
