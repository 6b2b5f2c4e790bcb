package nexcage.core.internal.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.felix.utils.manifest.Clause;
import org.apache.felix.utils.manifest.Parser;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Answers, without installing anything, whether a plugin's package imports and required
 * capabilities would be satisfied by the bundles of the running runtime (or by the plugin itself).
 */
final class ResolveCheck {
    private ResolveCheck() {
    }

    static List<String> unresolved(BundleContext context, Function<String, String> headers) {
        List<String> problems = new ArrayList<>();
        List<BundleCapability> caps = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            BundleRevision r = b.adapt(BundleRevision.class);
            if (r != null && b.getState() != Bundle.UNINSTALLED) {
                caps.addAll(r.getDeclaredCapabilities(null));
            }
        }
        List<String> ownExports = new ArrayList<>();
        for (Clause c : parse(headers.apply(Constants.EXPORT_PACKAGE))) {
            ownExports.add(c.getName());
        }
        for (Clause c : parse(headers.apply(Constants.IMPORT_PACKAGE))) {
            if ("optional".equals(c.getDirective(Constants.RESOLUTION_DIRECTIVE)) || ownExports.contains(c.getName())) {
                continue;
            }
            String range = c.getAttribute(Constants.VERSION_ATTRIBUTE);
            VersionRange vr = range == null ? null : VersionRange.valueOf(range);
            boolean found = caps.stream().anyMatch(cap -> cap.getNamespace().equals(BundleRevision.PACKAGE_NAMESPACE)
                    && c.getName().equals(cap.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE))
                    && (vr == null || vr.includes(versionOf(cap.getAttributes().get(Constants.VERSION_ATTRIBUTE)))));
            if (!found) {
                problems.add("Import-Package: " + c.getName() + (range == null ? "" : " " + range)
                        + " is exported by no bundle of this runtime; install a plugin or bundle that exports it, or embed it");
            }
        }
        for (Clause c : parse(headers.apply(Constants.REQUIRE_CAPABILITY))) {
            String effective = c.getDirective(Constants.EFFECTIVE_DIRECTIVE);
            if ("optional".equals(c.getDirective(Constants.RESOLUTION_DIRECTIVE))
                    || effective != null && !Constants.EFFECTIVE_RESOLVE.equals(effective)) {
                continue;
            }
            String f = c.getDirective(Constants.FILTER_DIRECTIVE);
            Filter filter;
            try {
                filter = f == null ? null : FrameworkUtil.createFilter(f);
            } catch (InvalidSyntaxException e) {
                problems.add("Require-Capability: " + c.getName() + " has an invalid filter " + f + "; fix the filter");
                continue;
            }
            boolean found = caps.stream().anyMatch(cap -> cap.getNamespace().equals(c.getName())
                    && (filter == null || filter.matches(cap.getAttributes())));
            if (!found) {
                problems.add("Require-Capability: " + c.getName() + (f == null ? "" : " " + f)
                        + " is provided by no bundle of this runtime; install what provides it");
            }
        }
        return problems;
    }

    private static Version versionOf(Object v) {
        if (v instanceof Version) {
            return (Version) v;
        }
        return v == null ? Version.emptyVersion : Version.parseVersion(v.toString());
    }

    private static Clause[] parse(String header) {
        return header == null || header.isBlank() ? new Clause[0] : Parser.parseHeader(header);
    }

}
