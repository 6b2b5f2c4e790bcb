package nexcage.core.internal.plugins;

import java.util.Locale;

import org.osgi.framework.Bundle;

/** The states users see (DESIGN §3). */
public enum PluginState {
    REJECTED, INSTALLED, RESOLVED, STARTING, ACTIVE, DISABLED, FAILED, STOPPING;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static PluginState ofBundle(int bundleState) {
        switch (bundleState) {
            case Bundle.ACTIVE:
                return ACTIVE;
            case Bundle.STARTING:
                return STARTING;
            case Bundle.STOPPING:
                return STOPPING;
            case Bundle.RESOLVED:
                return RESOLVED;
            default:
                return INSTALLED;
        }
    }
}
