package nexcage.security.internal.guard;

import org.osgi.framework.Bundle;

import nexcage.api.PluginHeaders;

/** The guard's facts read from a real bundle. */
public enum BundleFacts implements GuardCore.Facts<Bundle> {
    INSTANCE;

    @Override
    public long lastModified(Bundle bundle) {
        return bundle.getLastModified();
    }

    @Override
    public String location(Bundle bundle) {
        return bundle.getLocation();
    }

    @Override
    public String capabilitiesHeader(Bundle bundle) {
        // raw headers: a localized look-up could read the bundle's resources
        return bundle.getHeaders("").get(PluginHeaders.CAPABILITIES);
    }
}
