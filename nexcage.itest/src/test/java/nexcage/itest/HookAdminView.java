package nexcage.itest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import nexcage.hooks.admin.HookAdmin;
import nexcage.hooks.admin.HookRegistrationInfo;

/**
 * The hook dispatcher's admin side, as plain values. Only this class names nexcage.hooks' types:
 * that bundle is not on the test JVM's class path (the POM keeps it off), so the test classes,
 * which Pax Exam also loads outside the framework, must not mention them in their signatures.
 * This class is loaded inside the framework only, where the test bundle imports nexcage.hooks.admin.
 */
final class HookAdminView {

    /** One handler registration for one hook, with its counters. */
    record Reg(String hook, String plugin, long serviceId, String priority, long executions, long failures, long timeouts,
            long vetoes) {

        /** {@code PLUGIN PRIORITY}, e.g. {@code itest-hooks-a critical}. */
        String who() {
            return plugin + " " + priority;
        }
    }

    private HookAdminView() {
    }

    /** The registrations of every handler for {@code hook}, in the admin's order (run order). */
    static List<Reg> registrations(BundleContext context, String hook, Duration wait) throws InterruptedException {
        ServiceTracker<HookAdmin, HookAdmin> tracker = new ServiceTracker<>(context, HookAdmin.class, null);
        tracker.open();
        try {
            HookAdmin admin = tracker.waitForService(wait.toMillis());
            if (admin == null) {
                throw new AssertionError("no HookAdmin service within " + wait.toMillis() + " ms");
            }
            List<Reg> out = new ArrayList<>();
            for (HookRegistrationInfo i : admin.registrations()) {
                if (i.hook().equals(hook)) {
                    out.add(new Reg(i.hook(), i.plugin(), i.serviceId(), i.priority(), i.executions(), i.failures(), i.timeouts(),
                            i.vetoes()));
                }
            }
            return out;
        } finally {
            tracker.close();
        }
    }

    /** The registrations HookAdmin returns for this plugin (its own per-plugin query), any hook. */
    static List<Reg> registrationsOf(BundleContext context, String plugin, Duration wait) throws InterruptedException {
        ServiceTracker<HookAdmin, HookAdmin> tracker = new ServiceTracker<>(context, HookAdmin.class, null);
        tracker.open();
        try {
            HookAdmin admin = tracker.waitForService(wait.toMillis());
            if (admin == null) {
                throw new AssertionError("no HookAdmin service within " + wait.toMillis() + " ms");
            }
            List<Reg> out = new ArrayList<>();
            for (HookRegistrationInfo i : admin.registrations(plugin)) {
                out.add(new Reg(i.hook(), i.plugin(), i.serviceId(), i.priority(), i.executions(), i.failures(), i.timeouts(),
                        i.vetoes()));
            }
            return out;
        } finally {
            tracker.close();
        }
    }

    /** The service interface's name, for lookups that must not load it. */
    static final String INTERFACE = "nexcage.hooks.admin.HookAdmin";
}
