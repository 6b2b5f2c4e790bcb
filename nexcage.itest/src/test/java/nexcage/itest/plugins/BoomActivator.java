package nexcage.itest.plugins;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The activator of the broken-plugin corpus's "boom" plugin (BrokenPluginsIT copies this class
 * into that plugin's file): it refuses to start.
 */
public class BoomActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("corpus activator refuses to start");
    }

    @Override
    public void stop(BundleContext context) {
    }
}
