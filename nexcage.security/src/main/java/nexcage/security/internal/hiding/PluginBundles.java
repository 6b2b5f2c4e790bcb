package nexcage.security.internal.hiding;

import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import nexcage.security.admin.HiddenFromPlugins;

/** Which bundles are plugins, and which belong to the runtime's core. */
final class PluginBundles {
    /** The bundles whose internal services (those not under nexcage.api) no plugin sees. */
    static final Set<String> CORE = Set.of("nexcage.core", "nexcage.hooks", "nexcage.security", "nexcage.accounting", "nexcage.metrics",
            "nexcage.sandbox.bridge",
            "nexcage.http");

    private PluginBundles() {
    }

    /** The one check every hook makes first: a runtime caller leaves right after it. */
    static boolean isPlugin(Bundle b) {
        return b != null && b.getLocation().startsWith(HiddenFromPlugins.PLUGIN_LOCATION_PREFIX);
    }

    static boolean isPlugin(BundleContext context) {
        return isPlugin(context.getBundle());
    }

    static boolean isCore(Bundle b) {
        return CORE.contains(b.getSymbolicName()) && !isPlugin(b);
    }

    static String pluginName(Bundle b) {
        return HiddenFromPlugins.pluginName(b.getLocation());
    }
}
