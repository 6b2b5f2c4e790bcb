package nexcage.core.internal.plugins;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Which classes are a plugin's own code: those of the packages its bundle holds itself, the
 * libraries it embeds included (they run on its behalf), never those it imports. The accounting
 * asks it of threads it finds running, so it is read once, as the plugin starts.
 */
final class OwnPackages implements Predicate<String> {
    private final Set<String> packages;

    private OwnPackages(Set<String> packages) {
        this.packages = packages;
    }

    /** The packages of the classes in the bundle's own content (its class path, its fragments); none for a bundle not resolved. */
    static OwnPackages of(Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        Collection<String> classes = wiring == null ? Set.of()
                : wiring.listResources("/", "*.class", BundleWiring.LISTRESOURCES_LOCAL | BundleWiring.LISTRESOURCES_RECURSE);
        return ofResources(classes);
    }

    /** From class resource paths such as {@code org/example/Foo.class}. */
    static OwnPackages ofResources(Collection<String> classResources) {
        Set<String> packages = new HashSet<>();
        for (String r : classResources) {
            int slash = r.lastIndexOf('/');
            packages.add(slash < 0 ? "" : r.substring(0, slash).replace('/', '.'));
        }
        return new OwnPackages(Set.copyOf(packages));
    }

    /** Whether the class of this binary name (nested classes too) is in one of the packages. */
    @Override
    public boolean test(String className) {
        int dot = className.lastIndexOf('.');
        return packages.contains(dot < 0 ? "" : className.substring(0, dot));
    }
}
