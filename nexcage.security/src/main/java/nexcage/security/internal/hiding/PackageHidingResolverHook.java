package nexcage.security.internal.hiding;

import java.util.Collection;

import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

import nexcage.security.admin.HiddenFromPlugins;

/**
 * Takes the packages of {@link HiddenFromPlugins#isHiddenPackage} away from what a plugin bundle's
 * imports (static or dynamic) may wire to, so a plugin that imports one does not resolve, and a
 * dynamic import of one finds nothing. For the same reason a plugin may not require a runtime
 * bundle that exports a hidden package, nor attach as a fragment to a runtime bundle (the core's
 * validation refuses both headers; this holds for a bundle installed around it). The hook keeps no
 * state, so one serves every resolve.
 */
final class PackageHidingResolverHook implements ResolverHookFactory, ResolverHook {

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return this;
    }

    @Override
    public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
        String namespace = requirement.getNamespace();
        boolean wiring = namespace.equals(PackageNamespace.PACKAGE_NAMESPACE) || namespace.equals(BundleNamespace.BUNDLE_NAMESPACE)
                || namespace.equals(HostNamespace.HOST_NAMESPACE);
        if (!wiring || !PluginBundles.isPlugin(requirement.getRevision().getBundle())) {
            return;
        }
        switch (namespace) {
            case PackageNamespace.PACKAGE_NAMESPACE -> candidates.removeIf(c -> hiddenPackage(c));
            // Require-Bundle would wire every package the bundle exports, hidden ones too
            case BundleNamespace.BUNDLE_NAMESPACE -> candidates.removeIf(c -> !PluginBundles.isPlugin(c.getRevision().getBundle())
                    && c.getRevision().getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE).stream()
                            .anyMatch(PackageHidingResolverHook::hiddenPackage));
            // a fragment runs in its host's class loader, with the host's imports
            default -> candidates.removeIf(c -> !PluginBundles.isPlugin(c.getRevision().getBundle()));
        }
    }

    private static boolean hiddenPackage(BundleCapability c) {
        return c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE) instanceof String pkg && HiddenFromPlugins.isHiddenPackage(pkg);
    }

    @Override
    public void filterResolvable(Collection<BundleRevision> candidates) {
    }

    @Override
    public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {
    }

    @Override
    public void end() {
    }
}
