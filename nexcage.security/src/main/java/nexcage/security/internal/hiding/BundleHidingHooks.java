package nexcage.security.internal.hiding;

import java.util.Collection;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.hooks.bundle.EventHook;
import org.osgi.framework.hooks.bundle.FindHook;

/**
 * Hides the runtime's bundles from plugin bundles: every bundle that is not a plugin, for the
 * context of any active one sees every service (Bundle.getBundleContext). The system bundle stays:
 * Felix would let a hook hide it from getBundle(0), but getBundle("System Bundle") (by location)
 * passes no find hook, so hiding it would only break code that asks by id. Plugins see each other.
 */
final class BundleHidingHooks implements FindHook, EventHook {

    @Override
    public void find(BundleContext context, Collection<Bundle> bundles) {
        if (!PluginBundles.isPlugin(context)) {
            return;
        }
        bundles.removeIf(BundleHidingHooks::hidden);
    }

    @Override
    public void event(BundleEvent event, Collection<BundleContext> contexts) {
        if (!hidden(event.getBundle())) {
            return;
        }
        contexts.removeIf(PluginBundles::isPlugin);
    }

    static boolean hidden(Bundle b) {
        return b.getBundleId() != 0 && !PluginBundles.isPlugin(b);
    }
}
