package nexcage.security.internal.hiding;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

import nexcage.security.admin.HiddenFromPlugins;

/**
 * Hides services from plugin bundles ({@link ServiceVisibility}): look-ups do not return them and
 * service listeners are not told of them. A look-up by name of a hidden service is recorded; one
 * of every service is filtered silently. SCR's own tracking of ConfigurationAdmin in a plugin's
 * context is let through ({@link ScrConfigTracker}): its look-up, and the events of the listener
 * it added, which this hook notes as that listener is added.
 */
final class ServiceHidingHooks implements FindHook, EventListenerHook, ListenerHook {
    private final HiddenLookups lookups;
    private final WhiteboardRoutes routes;
    /** The listeners SCR added in plugins' contexts to track ConfigurationAdmin. */
    private final Set<ListenerInfo> scrListeners = ConcurrentHashMap.newKeySet();

    ServiceHidingHooks(HiddenLookups lookups, WhiteboardRoutes routes) {
        this.lookups = lookups;
        this.routes = routes;
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        Bundle asker = context.getBundle();
        if (WhiteboardRoutes.isServer(asker)) {
            references.removeIf(routes::hidden);
            return;
        }
        if (!PluginBundles.isPlugin(asker)) {
            return;
        }
        String asked = AskedClass.of(name, filter);
        if (ScrConfigTracker.CONFIG_ADMIN.equals(asked) && ScrConfigTracker.isCaller()) {
            return;
        }
        boolean removed = references.removeIf(ref -> ServiceVisibility.hiddenFrom(asker, ref));
        if (asked != null && (removed || HiddenFromPlugins.SERVICES.contains(asked))) {
            lookups.lookedUp(PluginBundles.pluginName(asker), asked);
        }
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        ServiceReference<?> ref = event.getServiceReference();
        routes.filter(ref, listeners);
        Iterator<Map.Entry<BundleContext, Collection<ListenerInfo>>> it = listeners.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<BundleContext, Collection<ListenerInfo>> e = it.next();
            Bundle listener = e.getKey().getBundle();
            if (!PluginBundles.isPlugin(listener) || !ServiceVisibility.hiddenFrom(listener, ref)) {
                continue;
            }
            Collection<ListenerInfo> infos = e.getValue();
            if (!scrListeners.isEmpty()) {
                infos.removeIf(i -> !scrListeners.contains(i));
            }
            if (scrListeners.isEmpty() || infos.isEmpty()) {
                it.remove();
            }
        }
    }

    @Override
    public void added(Collection<ListenerInfo> listeners) {
        for (ListenerInfo i : listeners) {
            String filter = i.getFilter();
            if (filter != null && filter.contains(ScrConfigTracker.CONFIG_ADMIN) && PluginBundles.isPlugin(i.getBundleContext())
                    && ScrConfigTracker.isCaller()) {
                scrListeners.add(i);
            }
        }
    }

    @Override
    public void removed(Collection<ListenerInfo> listeners) {
        scrListeners.removeAll(listeners);
    }
}
