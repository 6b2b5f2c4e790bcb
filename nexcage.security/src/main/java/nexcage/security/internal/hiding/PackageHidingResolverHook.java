package nexcage.security.internal.hiding;

import java.util.Collection;

import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

import nexcage.security.admin.HiddenFromPlugins;

/**
 * Takes the packages of {@link HiddenFromPlugins#isHiddenPackage} away from what a plugin bundle's
 * imports (static or dynamic) may wire to, so a plugin that imports one does not resolve, and a
 * dynamic import of one finds nothing. The hook keeps no state, so one serves every resolve.
 */
final class PackageHidingResolverHook implements ResolverHookFactory, ResolverHook {

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return this;
    }

    @Override
    public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
        if (!PackageNamespace.PACKAGE_NAMESPACE.equals(requirement.getNamespace())
                || !PluginBundles.isPlugin(requirement.getRevision().getBundle())) {
            return;
        }
        candidates.removeIf(c -> c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE) instanceof String pkg
                && HiddenFromPlugins.isHiddenPackage(pkg));
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
