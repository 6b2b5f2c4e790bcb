package nexcage.security.internal.guard;

import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import nexcage.api.Capability;
import nexcage.security.admin.CapabilityGuard;
import nexcage.security.admin.Violations;

/**
 * The capability guard as a service, over the bundles of this framework. Immediate: a delayed
 * component would be dropped whenever no one holds it, and what plugins used with it.
 */
@Component(service = CapabilityGuard.class, immediate = true)
public final class CapabilityGuardComponent implements CapabilityGuard {
    private final BundleContext context;
    private final GuardCore<Bundle> core;
    private final BundleListener forgetUninstalled;

    @Activate
    public CapabilityGuardComponent(BundleContext context, @Reference Violations violations) {
        this.context = context;
        this.core = new GuardCore<>(BundleFacts.INSTANCE, violations);
        this.forgetUninstalled = e -> {
            if (e.getType() == BundleEvent.UNINSTALLED) {
                core.forget(e.getBundle());
            }
        };
        context.addBundleListener(forgetUninstalled);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(forgetUninstalled);
    }

    @Override
    public void check(Bundle caller, Capability needed, String operation, String detail) {
        core.check(caller, needed, operation, detail);
    }

    @Override
    public Set<Capability> used(String plugin) {
        return core.used(plugin);
    }
}
