package nexcage.security.internal.hiding;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import nexcage.security.admin.HiddenFromPlugins;

/**
 * Which services a plugin may not see: those with an interface of {@link HiddenFromPlugins#SERVICES}
 * (whoever registered them, but a plugin still sees its own), and the core bundles' internal
 * services, those with no interface under {@code nexcage.api.} (the guarded services the core
 * hands to plugins are there).
 */
final class ServiceVisibility {
    private static final String API_PREFIX = "nexcage.api.";
    /**
     * The HTTP API's servlet context: the whiteboard serves a plugin's route in it only if the
     * plugin can see it (its handleSecurity is what asks for the token; it holds nothing to take).
     */
    private static final String SERVLET_CONTEXT = "org.osgi.service.servlet.context.ServletContextHelper";

    private ServiceVisibility() {
    }

    static boolean hiddenFrom(Bundle plugin, ServiceReference<?> ref) {
        Bundle registrant = ref.getBundle();
        if (registrant == plugin) {
            return false;
        }
        return hidden((String[]) ref.getProperty(Constants.OBJECTCLASS), registrant != null && PluginBundles.isCore(registrant));
    }

    /** The rule itself, on the service's interfaces and whether a core bundle registered it. */
    static boolean hidden(String[] objectClass, boolean byCore) {
        boolean api = false;
        for (String c : objectClass) {
            if (HiddenFromPlugins.SERVICES.contains(c)) {
                return true;
            }
            api |= c.startsWith(API_PREFIX) || c.equals(SERVLET_CONTEXT);
        }
        return byCore && !api;
    }
}
