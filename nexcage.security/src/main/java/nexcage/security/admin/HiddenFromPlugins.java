package nexcage.security.admin;

import java.util.List;
import java.util.Set;

/** What plugins may neither look up nor import: the facts the service, bundle and resolver hooks and the core's validation share. */
public final class HiddenFromPlugins {

    /** Bundle locations of plugins the core installed start with this; every other bundle is the runtime's. */
    public static final String PLUGIN_LOCATION_PREFIX = "nexcage:plugin/";

    /** Service interfaces no plugin gets, whoever registered them. */
    public static final Set<String> SERVICES = Set.of(
            "org.osgi.service.cm.ConfigurationAdmin",
            "org.osgi.service.component.runtime.ServiceComponentRuntime",
            "org.apache.felix.service.command.CommandProcessor",
            "nexcage.api.backend.ContainerBackend",
            "nexcage.hooks.admin.HookAdmin",
            "nexcage.hooks.admin.HookLog",
            "nexcage.accounting.admin.PluginAccounting",
            "nexcage.core.admin.SandboxRunner",
            "nexcage.core.admin.RuntimeFigures",
            "nexcage.core.admin.CommandLine",
            "nexcage.core.admin.SecurityCheck",
            "nexcage.sandbox.bridge.SandboxBridge",
            // it registers servlets outside the whiteboard's contexts, so past the API's authentication
            "org.osgi.service.http.HttpService");

    /** Packages no plugin may import (a prefix ending in {@code .} covers its sub-packages). */
    public static final List<String> PACKAGES = List.of(
            "org.osgi.service.cm",
            "org.osgi.service.component.runtime",
            "org.apache.felix.service.command",
            "org.osgi.framework.hooks.",
            "org.apache.felix.",
            "nexcage.hooks.admin",
            "nexcage.security.admin",
            "nexcage.accounting.admin",
            "nexcage.metrics.",
            "nexcage.sandbox.",
            "nexcage.http.",
            "nexcage.core.");

    private HiddenFromPlugins() {
    }

    /** True for a package a plugin may not import. */
    public static boolean isHiddenPackage(String pkg) {
        for (String p : PACKAGES) {
            if (p.endsWith(".") ? pkg.startsWith(p) : (pkg.equals(p) || pkg.startsWith(p + "."))) {
                return true;
            }
        }
        return false;
    }

    /** The plugin's name for a bundle location, or null when the bundle is not a plugin. */
    public static String pluginName(String location) {
        return location != null && location.startsWith(PLUGIN_LOCATION_PREFIX)
                ? location.substring(PLUGIN_LOCATION_PREFIX.length())
                : null;
    }
}
