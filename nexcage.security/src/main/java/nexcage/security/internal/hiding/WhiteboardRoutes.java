package nexcage.security.internal.hiding;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Keeps plugins' HTTP whiteboard services from the HTTP API's server (Felix HTTP) unless they may
 * add routes (DESIGN §5, {@code api_server}): a servlet, filter, resource or listener of a plugin
 * without the capability is not served, and a servlet context or preprocessor of any plugin is
 * not either (its own context would answer without the API's authentication). Each such service is
 * a violation once (kind capability, capability api_server).
 */
final class WhiteboardRoutes {
    static final String CAPABILITY = "api_server";
    private static final String PROPERTY_PREFIX = "osgi.http.whiteboard.";
    private static final Set<String> CONTEXTS = Set.of("org.osgi.service.servlet.context.ServletContextHelper",
            "org.osgi.service.http.context.ServletContextHelper", "org.osgi.service.servlet.whiteboard.Preprocessor",
            "org.osgi.service.http.whiteboard.Preprocessor");

    /** Where a refused whiteboard service is recorded. */
    @FunctionalInterface
    interface Refusals {
        void refused(String plugin, String capability, String operation, String detail);
    }

    private final Refusals refusals;
    private final Set<Long> recorded = ConcurrentHashMap.newKeySet();

    WhiteboardRoutes(Refusals refusals) {
        this.refusals = refusals;
    }

    /** The bundle that serves the whiteboard (Felix HTTP Jetty). */
    static boolean isServer(Bundle b) {
        return b != null && b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.apache.felix.http.");
    }

    /** True when the HTTP server may not see {@code ref}; records the refusal the first time. */
    boolean hidden(ServiceReference<?> ref) {
        Bundle owner = ref.getBundle();
        if (owner == null || !PluginBundles.isPlugin(owner)) {
            return false;
        }
        String[] objectClass = (String[]) ref.getProperty(Constants.OBJECTCLASS);
        String why = refusal(objectClass, ref.getPropertyKeys(), declaresApiServer(owner.getHeaders().get("NexCage-Capabilities")));
        if (why != null && recorded.add((Long) ref.getProperty(Constants.SERVICE_ID))) {
            refusals.refused(PluginBundles.pluginName(owner), CAPABILITY, why.substring(0, why.indexOf(' ')), why.substring(why.indexOf(' ') + 1));
        }
        return why != null;
    }

    /** The rule itself: null when served, else "OPERATION detail". */
    static String refusal(String[] objectClass, String[] propertyKeys, boolean apiServer) {
        for (String c : objectClass) {
            if (CONTEXTS.contains(c)) {
                return "http.context its " + c.substring(c.lastIndexOf('.') + 1)
                        + " is not served: the API's own servlet context authenticates every route, a plugin's would not";
            }
        }
        boolean whiteboard = false;
        for (String k : propertyKeys) {
            whiteboard |= k.startsWith(PROPERTY_PREFIX);
        }
        if (!whiteboard || apiServer) {
            return null;
        }
        return "http.route its " + String.join(",", objectClass) + " with HTTP whiteboard properties is not served: adding API routes needs "
                + CAPABILITY;
    }

    static boolean declaresApiServer(String header) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            if (part.split(";", 2)[0].trim().equalsIgnoreCase(CAPABILITY)) {
                return true;
            }
        }
        return false;
    }

    /** For the event hook: takes the HTTP server's listeners off an event of a hidden service. */
    <V> void filter(ServiceReference<?> ref, Map<org.osgi.framework.BundleContext, V> listeners) {
        if (listeners.keySet().stream().anyMatch(c -> isServer(c.getBundle())) && hidden(ref)) {
            listeners.keySet().removeIf(c -> isServer(c.getBundle()));
        }
    }
}
