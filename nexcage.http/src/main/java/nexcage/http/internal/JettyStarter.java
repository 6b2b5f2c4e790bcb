package nexcage.http.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Makes sure Felix HTTP Jetty runs when the API is turned on: the runtime starts it with its other
 * bundles (connector disabled until configured), but a runtime that installs it without starting
 * it, or at a start level above the framework's, gets it started here.
 */
final class JettyStarter {
    static final String JETTY = "org.apache.felix.http.jetty12";

    private JettyStarter() {
    }

    /** Null when Jetty is active or starting, else why it cannot be started. */
    static String ensureStarted(BundleContext context) {
        Bundle jetty = find(context);
        if (jetty == null) {
            return "runtime.api: the runtime has no bundle " + JETTY + " to serve the API with; rebuild the runtime (runtime.bndrun lists it)";
        }
        if (jetty.getState() == Bundle.ACTIVE || jetty.getState() == Bundle.STARTING) {
            return null;
        }
        try {
            int active = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
            BundleStartLevel level = jetty.adapt(BundleStartLevel.class);
            if (level.getStartLevel() > active) {
                level.setStartLevel(active);
            }
            jetty.start();
            return null;
        } catch (BundleException | IllegalStateException e) {
            return "runtime.api: cannot start " + JETTY + " (" + e.getMessage() + "); see the daemon log";
        }
    }

    private static Bundle find(BundleContext context) {
        for (Bundle b : context.getBundles()) {
            if (JETTY.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }
}
