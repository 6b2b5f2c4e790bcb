package nexcage.plugintest;

import java.lang.reflect.Method;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Fires hooks through the runtime's own dispatcher (the one the core uses, not the guarded one
 * plugins get). The test's class path and the framework have separate copies of the API, so the
 * dispatcher is called by reflection with JDK types only, and its result copied out.
 */
final class HookFiring {
    private static final String DISPATCHER = "nexcage.api.hooks.HookDispatcher";
    /** The guarded dispatcher the core hands plugins carries this property (GuardedHookDispatcher.MARK). */
    private static final String CORE_DISPATCHER = "(!(nexcage.hook.dispatcher=plugin))";

    private final BundleContext context;

    HookFiring(BundleContext context) {
        this.context = context;
    }

    HookOutcome fire(String hook, Map<String, String> metadata) {
        ServiceReference<?>[] refs;
        try {
            // all: the test's class path has its own copy of the API, so no reference would match its class space
            refs = context.getAllServiceReferences(DISPATCHER, CORE_DISPATCHER);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs == null || refs.length == 0) {
            throw new IllegalStateException("the runtime's hook dispatcher is not registered; is nexcage.hooks active?");
        }
        Object dispatcher = context.getService(refs[0]);
        try {
            // the interface as the framework sees it: the implementation's class may be private to its bundle
            Method fire = refs[0].getBundle().loadClass(DISPATCHER).getMethod("fire", String.class, String.class, Map.class);
            Object r = fire.invoke(dispatcher, hook, "core", metadata);
            @SuppressWarnings("unchecked")
            Map<String, String> after = (Map<String, String>) get(r, "metadata");
            return new HookOutcome((String) get(r, "hook"), (Boolean) get(r, "vetoed"), (String) get(r, "vetoedBy"),
                    (String) get(r, "reason"), after, (Integer) get(r, "handlers"), (Integer) get(r, "failures"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("firing " + hook + " failed: " + e, e);
        } finally {
            context.ungetService(refs[0]);
        }
    }

    private static Object get(Object record, String accessor) throws ReflectiveOperationException {
        return record.getClass().getMethod(accessor).invoke(record);
    }
}
