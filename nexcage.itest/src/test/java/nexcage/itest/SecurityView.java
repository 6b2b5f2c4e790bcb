package nexcage.itest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import nexcage.api.Capability;
import nexcage.security.admin.CapabilityGuard;
import nexcage.security.admin.Violation;
import nexcage.security.admin.ViolationListener;
import nexcage.security.admin.Violations;

/**
 * The security bundle's services (violations record, capability guard), as plain values. Only this
 * class names nexcage.security's types: as with {@link HookAdminView}, that bundle is not on the
 * test JVM's class path, so this class is loaded inside the framework only.
 */
final class SecurityView {

    /** One entry of the violations record. */
    record V(String plugin, String capability, String operation, String detail, long count) {
    }

    private SecurityView() {
    }

    /** The violations of {@code plugin}, newest first. */
    static List<V> violations(BundleContext context, String plugin, Duration wait) throws InterruptedException {
        return withService(context, Violations.class, wait, violations -> {
            List<V> out = new ArrayList<>();
            for (Violation v : violations.list(plugin)) {
                out.add(new V(v.plugin(), v.capability(), v.operation(), v.detail(), v.count()));
            }
            return out;
        });
    }

    /** {@link CapabilityGuard#check} of the guard service. */
    static void check(BundleContext context, Bundle caller, Capability needed, String operation, String detail, Duration wait)
            throws InterruptedException {
        withService(context, CapabilityGuard.class, wait, guard -> {
            guard.check(caller, needed, operation, detail);
            return null;
        });
    }

    /** {@link CapabilityGuard#used} of the guard service. */
    static Set<Capability> used(BundleContext context, String plugin, Duration wait) throws InterruptedException {
        return withService(context, CapabilityGuard.class, wait, guard -> guard.used(plugin));
    }

    /** Registers a violation listener that hands each violation's plugin and operation to {@code told}. */
    static ServiceRegistration<?> listen(BundleContext context, java.util.function.Consumer<String> told) {
        ViolationListener l = v -> told.accept(v.plugin() + " " + v.operation());
        return context.registerService(ViolationListener.class, l, null);
    }

    private static <S, R> R withService(BundleContext context, Class<S> type, Duration wait, Function<S, R> use)
            throws InterruptedException {
        ServiceTracker<S, S> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            S service = tracker.waitForService(wait.toMillis());
            if (service == null) {
                throw new AssertionError("no " + type.getSimpleName() + " service within " + wait.toMillis() + " ms");
            }
            return use.apply(service);
        } finally {
            tracker.close();
        }
    }
}
