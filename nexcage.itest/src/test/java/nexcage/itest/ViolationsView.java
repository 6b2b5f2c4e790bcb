package nexcage.itest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import nexcage.security.admin.Violation;
import nexcage.security.admin.Violations;

/**
 * The violations record, as plain values. Only this class names nexcage.security's types: as with
 * {@link HookAdminView}, that bundle is not on the test JVM's class path, so this class is loaded
 * inside the framework only.
 */
final class ViolationsView {

    /** One entry of the record. */
    record V(String plugin, String capability, String operation, String detail, long count) {
    }

    private ViolationsView() {
    }

    /** The entries of {@code plugin}, newest first. */
    static List<V> list(BundleContext context, String plugin, Duration wait) throws InterruptedException {
        ServiceTracker<Violations, Violations> tracker = new ServiceTracker<>(context, Violations.class, null);
        tracker.open();
        try {
            Violations violations = tracker.waitForService(wait.toMillis());
            if (violations == null) {
                throw new AssertionError("no Violations service within " + wait.toMillis() + " ms");
            }
            List<V> out = new ArrayList<>();
            for (Violation v : violations.list(plugin)) {
                out.add(new V(v.plugin(), v.capability(), v.operation(), v.detail(), v.count()));
            }
            return out;
        } finally {
            tracker.close();
        }
    }
}
