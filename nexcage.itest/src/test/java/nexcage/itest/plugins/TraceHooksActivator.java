package nexcage.itest.plugins;

import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import nexcage.api.hooks.HookHandler;

/**
 * The activator of the hook plugins HooksIT builds. It is not run from the test bundle: HooksIT
 * copies this class and {@link TraceHandler} into plugin bundles of their own, so each handler
 * service is registered by a real plugin bundle (the dispatcher names a handler's plugin after
 * its bundle's {@code NexCage-Plugin-Name}). The bundle's headers say what to register:
 * {@code Itest-Hook-Tag} (e.g. {@code A}) and {@code Itest-Hook-Priorities} (e.g.
 * {@code critical,low,normal}, registered in that order), all for {@code Itest-Hook}.
 */
public class TraceHooksActivator implements BundleActivator {
    public static final String TAG = "Itest-Hook-Tag";
    public static final String PRIORITIES = "Itest-Hook-Priorities";
    public static final String HOOK = "Itest-Hook";

    @Override
    public void start(BundleContext context) {
        String tag = context.getBundle().getHeaders().get(TAG);
        String hook = context.getBundle().getHeaders().get(HOOK);
        for (String priority : context.getBundle().getHeaders().get(PRIORITIES).split(",")) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(HookHandler.HOOK, hook);
            props.put(HookHandler.PRIORITY, priority.trim());
            props.put(HookHandler.TIMEOUT_MS, 5000);
            context.registerService(HookHandler.class, new TraceHandler(tag + ":" + priority.trim()), props);
        }
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the handlers with the bundle
    }
}
