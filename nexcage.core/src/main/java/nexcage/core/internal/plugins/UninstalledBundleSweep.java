package nexcage.core.internal.plugins;

import java.lang.reflect.Field;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.admin.LoggerAdmin;

import nexcage.core.internal.daemon.DaemonLog;

/**
 * Drops what the runtime's Felix bundles keep of uninstalled bundles in two maps that nothing
 * ever empties, each of which held the whole bundle (revision, archive, the jar's entries), about
 * 15 KB per plugin deploy and undeploy (issue 21, defect 10):
 * <ul>
 * <li>the framework's service registry (Felix 7.0.5) keeps a bundle's usage of a service once the
 * bundle got it with {@code getService} and released it to a count of 0 (SCR does so with the
 * plugin's context for ConfigurationAdmin and for every reference), and skips such a usage when
 * the bundle stops; only the service's own unregistration would flush it;</li>
 * <li>Felix Log 1.3.0's LoggerAdmin caches every Logger it hands out, keyed by bundle (SCR takes
 * three for the hello plugin: its bundle's and one per component).</li>
 * </ul>
 * Neither offers a way to release them, so this reaches into the two maps. It is sound: an
 * uninstalled bundle's context is invalid, so the bundle can never get, release or log through
 * those entries again, and the framework already released every counted use when it stopped the
 * bundle. A logger asked for later is simply made again. Where a field is not there (another
 * version), it leaves the maps alone and says so once.
 */
final class UninstalledBundleSweep {
    private final BundleContext context;
    private final DaemonLog log;
    private boolean complained;

    UninstalledBundleSweep(BundleContext context, DaemonLog log) {
        this.context = context;
        this.log = log;
    }

    /** Removes every entry of an uninstalled bundle (not only the last one: a late logger is caught next time). */
    synchronized void sweep() {
        try {
            Object registry = field(context.getBundle(0), "m_registry");
            int usages = removeUninstalled(map(registry, "m_inUseMap"), key -> key);
            int loggers = withLoggerAdmin(admin -> removeUninstalled(map(admin, "_loggers"), key -> field(key, "m_bundle")));
            if (usages + loggers > 0) {
                log.debug("plugins", "released " + usages + " service usages and " + loggers + " loggers of uninstalled bundles");
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!complained) {
                complained = true;
                log.warn("plugins", "cannot release what Felix keeps of uninstalled bundles (" + e
                        + "): each plugin removal keeps about 15 KB of heap until the daemon restarts; run the Felix versions that runtime.bndrun names");
            }
        }
    }

    /** The number of entries removed whose key (through {@code bundleOf}) is an uninstalled bundle. */
    static int removeUninstalled(Map<?, ?> map, Lookup bundleOf) {
        int[] removed = {0};
        map.keySet().removeIf(key -> {
            boolean gone = uninstalled(bundleOf, key);
            removed[0] += gone ? 1 : 0;
            return gone;
        });
        return removed[0];
    }

    private static boolean uninstalled(Lookup bundleOf, Object key) {
        try {
            return bundleOf.apply(key) instanceof Bundle b && b.getState() == Bundle.UNINSTALLED;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private int withLoggerAdmin(Sweep sweep) throws ReflectiveOperationException {
        ServiceReference<LoggerAdmin> ref = context.getServiceReference(LoggerAdmin.class);
        LoggerAdmin admin = ref == null ? null : context.getService(ref);
        if (admin == null) {
            return 0;
        }
        try {
            return sweep.apply(admin);
        } finally {
            context.ungetService(ref);
        }
    }

    private static Map<?, ?> map(Object owner, String name) throws ReflectiveOperationException {
        if (field(owner, name) instanceof Map<?, ?> m) {
            return m;
        }
        throw new NoSuchFieldException(owner.getClass().getName() + "." + name + " is not a map");
    }

    /** The value of a field declared by the object's class or a superclass, whatever its access. */
    static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(owner);
            } catch (NoSuchFieldException e) {
                // declared further up, if at all
            }
        }
        throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
    }

    /** The bundle a map's key stands for. */
    interface Lookup {
        Object apply(Object key) throws ReflectiveOperationException;
    }

    private interface Sweep {
        int apply(Object loggerAdmin) throws ReflectiveOperationException;
    }
}
