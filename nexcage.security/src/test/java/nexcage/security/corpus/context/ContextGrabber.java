package nexcage.security.corpus.context;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** bundle_context: takes a bundle's context. */
public class ContextGrabber {
    public BundleContext grab(Bundle other) {
        return other.getBundleContext();
    }
}
