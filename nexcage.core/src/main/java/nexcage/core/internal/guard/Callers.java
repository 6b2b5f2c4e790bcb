package nexcage.core.internal.guard;

import org.osgi.framework.Bundle;

import nexcage.security.admin.HiddenFromPlugins;

/** Who called a guarded service, as logs and stores name it. */
final class Callers {

    private Callers() {
    }

    /** The plugin's name; for a bundle of the runtime (a test, a core bundle) its symbolic name. */
    static String name(Bundle b) {
        String plugin = HiddenFromPlugins.pluginName(b.getLocation());
        return plugin != null ? plugin : b.getSymbolicName();
    }
}
