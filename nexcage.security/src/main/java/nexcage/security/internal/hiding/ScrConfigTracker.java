package nexcage.security.internal.hiding;

import java.lang.StackWalker.Option;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Felix SCR tracks ConfigurationAdmin with each component bundle's own context (its
 * ConfigAdminTracker), to hand a plugin's components their configuration. That look-up, and only
 * that one, must still find ConfigurationAdmin in a plugin's context. It is recognised by the
 * stack: a frame of SCR's tracker class, loaded by a bundle that is not a plugin (a plugin cannot
 * put a class into another bundle's class loader). Only look-ups of ConfigurationAdmin by a plugin
 * pay for the walk.
 */
final class ScrConfigTracker {
    static final String CONFIG_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
    private static final String TRACKER = "org.apache.felix.scr.impl.helper.ConfigAdminTracker";
    private static final StackWalker WALKER = StackWalker.getInstance(Option.RETAIN_CLASS_REFERENCE);

    private ScrConfigTracker() {
    }

    /** True when SCR's ConfigAdminTracker is on the current thread's stack. */
    static boolean isCaller() {
        return WALKER.walk(frames -> frames.anyMatch(f -> f.getClassName().startsWith(TRACKER) && fromRuntime(f.getDeclaringClass())));
    }

    private static boolean fromRuntime(Class<?> c) {
        Bundle b = FrameworkUtil.getBundle(c);
        return b != null && !PluginBundles.isPlugin(b);
    }
}
