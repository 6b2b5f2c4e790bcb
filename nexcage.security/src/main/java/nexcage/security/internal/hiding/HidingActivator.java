package nexcage.security.internal.hiding;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.util.tracker.ServiceTracker;

import nexcage.security.admin.Violations;

/**
 * Registers the hooks that hide services, bundles and packages from plugins as this bundle
 * starts: synchronously, so they are in place before any component of this bundle, and long
 * before plugins start (start level 25, the runtime's bundles 10). A look-up made before the
 * violations record is there is still hidden, just not recorded.
 */
public final class HidingActivator implements BundleActivator {
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private ServiceTracker<Violations, Violations> violations;

    @Override
    public void start(BundleContext context) {
        violations = new ServiceTracker<>(context, Violations.class, null);
        violations.open();
        ServiceTracker<Violations, Violations> record = violations;
        HiddenLookups lookups = (plugin, className) -> {
            Violations v = record.getService();
            if (v != null) {
                v.record(plugin, null, HiddenLookups.OPERATION, className);
            }
        };
        WhiteboardRoutes routes = new WhiteboardRoutes((plugin, capability, operation, detail) -> {
            Violations v = record.getService();
            if (v != null) {
                v.record(plugin, capability, operation, detail);
            }
        });
        ServiceHidingHooks services = new ServiceHidingHooks(lookups, routes);
        BundleHidingHooks bundles = new BundleHidingHooks();
        registrations.add(context.registerService(new String[] {
            org.osgi.framework.hooks.service.FindHook.class.getName(),
            org.osgi.framework.hooks.service.EventListenerHook.class.getName(),
            org.osgi.framework.hooks.service.ListenerHook.class.getName()}, services, null));
        registrations.add(context.registerService(new String[] {
            org.osgi.framework.hooks.bundle.FindHook.class.getName(),
            org.osgi.framework.hooks.bundle.EventHook.class.getName()}, bundles, null));
        registrations.add(context.registerService(ResolverHookFactory.class, new PackageHidingResolverHook(), null));
    }

    @Override
    public void stop(BundleContext context) {
        for (ServiceRegistration<?> r : registrations) {
            r.unregister();
        }
        registrations.clear();
        violations.close();
    }
}
