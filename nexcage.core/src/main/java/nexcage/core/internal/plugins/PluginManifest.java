package nexcage.core.internal.plugins;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.felix.utils.manifest.Clause;
import org.apache.felix.utils.manifest.Parser;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import nexcage.api.Capability;
import nexcage.api.PluginDependency;
import nexcage.api.PluginHeaders;
import nexcage.api.PluginMetadata;
import nexcage.api.ResourceRequirements;
import nexcage.api.validation.ValidationErrorKind;
import nexcage.api.validation.ValidationException;
import nexcage.security.admin.HiddenFromPlugins;

/**
 * Reads and checks a plugin's manifest headers (DESIGN §2). Headers are parsed with OSGi header
 * syntax (Felix's parser), so quoted values may hold commas. Every problem is reported as one
 * sentence naming the header, the value and the rule.
 */
public final class PluginManifest {

    private static final String[] CORE_PREFIXES = {"nexcage.", "org.osgi.", "org.apache.felix."};

    private PluginManifest() {
    }

    /** True when the headers mark a NexCage plugin. */
    public static boolean isPlugin(Function<String, String> headers) {
        return headers.apply(PluginHeaders.NAME) != null;
    }

    /** The headers read once: the metadata when they are valid (else null), and every problem, one sentence each. */
    public record Checked(PluginMetadata metadata, List<String> problems) {
    }

    /**
     * The plugin's metadata, checked against this runtime.
     *
     * @throws ValidationException naming the header, value and rule of the first problem found
     */
    public static PluginMetadata read(Function<String, String> headers, Version runtimeVersion) {
        Checked c = check(headers, runtimeVersion);
        if (!c.problems().isEmpty()) {
            throw new ValidationException(ValidationErrorKind.INVALID_METADATA, c.problems().get(0));
        }
        return c.metadata();
    }

    /** Every problem of the headers, one sentence each; empty when the plugin is valid. */
    public static List<String> problems(Function<String, String> headers, Version runtimeVersion) {
        return check(headers, runtimeVersion).problems();
    }

    /** Parses the headers once and checks them against this runtime. */
    public static Checked check(Function<String, String> headers, Version runtimeVersion) {
        List<String> problems = new ArrayList<>();
        String name = headers.apply(PluginHeaders.NAME);
        if (name == null) {
            problems.add(PluginHeaders.NAME + " is missing; a plugin names itself with this header, e.g. "
                    + PluginHeaders.NAME + ": my-plugin");
            return new Checked(null, problems);
        }
        PluginMetadata metadata = null;
        try {
            metadata = parse(headers);
        } catch (ValidationException e) {
            problems.add(e.getMessage());
        }
        checkApiVersion(headers.apply(PluginHeaders.API_VERSION), problems);
        checkRuntimeVersion(headers.apply(PluginHeaders.NEXCAGE_VERSION), runtimeVersion, problems);
        checkReachIntoCore(headers, problems);
        checkHiddenImports(headers, problems);
        String sandbox = headers.apply(PluginHeaders.SANDBOX);
        if (sandbox != null && !List.of("process", "none").contains(sandbox.trim())) {
            problems.add(PluginHeaders.SANDBOX + ": '" + sandbox + "' is not a sandbox; write process (a child process of its own) or none");
        }
        return new Checked(problems.isEmpty() ? metadata : null, List.copyOf(problems));
    }

    private static PluginMetadata parse(Function<String, String> headers) {
        String name = headers.apply(PluginHeaders.NAME).trim();
        try {
            nexcage.api.validation.Validation.pluginName(name);
        } catch (ValidationException e) {
            throw new ValidationException(e.kind(), PluginHeaders.NAME + ": " + e.getMessage());
        }
        String version = headers.apply(Constants.BUNDLE_VERSION);
        try {
            version = Version.parseVersion(version).toString();
        } catch (IllegalArgumentException e) {
            throw invalid(Constants.BUNDLE_VERSION + ": '" + version + "' is not an OSGi version; write it as MAJOR.MINOR.MICRO, e.g. 1.0.0");
        }
        return new PluginMetadata(name, version, headers.apply(Constants.BUNDLE_DESCRIPTION),
                headers.apply(Constants.BUNDLE_VENDOR), apiVersion(headers.apply(PluginHeaders.API_VERSION)),
                blankToNull(headers.apply(PluginHeaders.NEXCAGE_VERSION)),
                capabilities(headers.apply(PluginHeaders.CAPABILITIES)),
                resources(headers.apply(PluginHeaders.RESOURCES)),
                dependencies(headers.apply(PluginHeaders.DEPENDENCIES)));
    }

    private static int apiVersion(String value) {
        if (value == null || value.isBlank()) {
            throw invalid(PluginHeaders.API_VERSION + " is missing; add " + PluginHeaders.API_VERSION + ": "
                    + PluginHeaders.CURRENT_API_VERSION + " (the API this runtime serves)");
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(PluginHeaders.API_VERSION + ": '" + value + "' is not a whole number; write "
                    + PluginHeaders.CURRENT_API_VERSION);
        }
    }

    private static void checkApiVersion(String value, List<String> problems) {
        try {
            int api = apiVersion(value);
            if (api != PluginHeaders.CURRENT_API_VERSION) {
                problems.add(PluginHeaders.API_VERSION + ": " + api + " is not served; this runtime serves API "
                        + PluginHeaders.CURRENT_API_VERSION + ", so rebuild the plugin against nexcage.api 1.x");
            }
        } catch (ValidationException alreadyReported) {
            // parse() reported it
        }
    }

    private static void checkRuntimeVersion(String value, Version runtime, List<String> problems) {
        if (value == null || value.isBlank()) {
            return;
        }
        VersionRange range;
        try {
            range = VersionRange.valueOf(value.trim());
        } catch (IllegalArgumentException e) {
            problems.add(PluginHeaders.NEXCAGE_VERSION + ": '" + value + "' is not an OSGi version or range; write e.g. [0.8,1) or 0.7.0");
            return;
        }
        if (!range.includes(runtime)) {
            problems.add(PluginHeaders.NEXCAGE_VERSION + ": '" + value + "' does not include this runtime's version "
                    + runtime + "; use a plugin built for it or a NexCage in that range");
        }
    }

    private static void checkReachIntoCore(Function<String, String> headers, List<String> problems) {
        if (headers.apply(Constants.FRAGMENT_HOST) != null) {
            problems.add(Constants.FRAGMENT_HOST + ": '" + headers.apply(Constants.FRAGMENT_HOST)
                    + "' is not allowed; a plugin may not attach itself to another bundle, so ship it as an ordinary bundle");
        }
        for (Clause c : clauses(headers.apply(Constants.EXPORT_PACKAGE))) {
            for (String prefix : CORE_PREFIXES) {
                if (c.getName().startsWith(prefix) || c.getName().equals(prefix.substring(0, prefix.length() - 1))) {
                    problems.add(Constants.EXPORT_PACKAGE + ": '" + c.getName() + "' is a package of the runtime; "
                            + "a plugin may not export packages under " + prefix + "*, so rename the package");
                }
            }
        }
        for (Clause c : clauses(headers.apply(Constants.PROVIDE_CAPABILITY))) {
            if (PluginHeaders.API_NAMESPACE.equals(c.getName())) {
                problems.add(Constants.PROVIDE_CAPABILITY + ": a plugin may not provide the '" + PluginHeaders.API_NAMESPACE
                        + "' capability; only the API bundle does, so remove it");
            }
        }
        for (Clause c : clauses(headers.apply(Constants.REQUIRE_BUNDLE))) {
            if (c.getName().startsWith("nexcage.") || c.getName().startsWith("org.apache.felix.")) {
                problems.add(Constants.REQUIRE_BUNDLE + ": '" + c.getName() + "' is a core bundle; import its packages instead");
            }
        }
    }

    /** The packages the security bundle's resolver hook hides from plugins, refused here with a reason instead. */
    private static void checkHiddenImports(Function<String, String> headers, List<String> problems) {
        for (String header : List.of(Constants.IMPORT_PACKAGE, Constants.DYNAMICIMPORT_PACKAGE)) {
            for (Clause c : clauses(headers.apply(header))) {
                String pkg = c.getName().trim();
                // a wildcard (pkg.*) is refused when everything it can match is hidden
                boolean hidden = pkg.endsWith(".*") ? HiddenFromPlugins.isHiddenPackage(pkg.substring(0, pkg.length() - 1))
                        : HiddenFromPlugins.isHiddenPackage(pkg);
                if (hidden) {
                    problems.add(header + ": '" + pkg + "' is hidden from plugins (only the runtime may use it); "
                            + "remove the import and use NexCage's services from nexcage.api instead");
                }
            }
        }
    }

    private static Set<Capability> capabilities(String value) {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        for (Clause c : clauses(value)) {
            Capability cap = Capability.byId(c.getName().trim())
                    .orElseThrow(() -> invalid(PluginHeaders.CAPABILITIES + ": '" + c.getName()
                            + "' is not a known capability; use names such as container_list or logging (see DESIGN §5)"));
            caps.add(cap);
        }
        return caps;
    }

    private static ResourceRequirements resources(String value) {
        if (value == null || value.isBlank()) {
            return ResourceRequirements.DEFAULTS;
        }
        Map<String, String> given = new LinkedHashMap<>();
        // read as the attributes of one clause, so quoted values are understood as OSGi quotes them
        Clause[] parsed = clauses("resources;" + value);
        if (parsed.length != 1 || parsed[0].getDirectives().length > 0) {
            throw invalid(PluginHeaders.RESOURCES + ": '" + value + "' is not a list of key=value pairs separated by ';'; "
                    + "write e.g. max_memory_mb=64;timeout_seconds=30");
        }
        for (org.apache.felix.utils.manifest.Attribute a : parsed[0].getAttributes()) {
            given.put(a.getName(), a.getValue());
        }
        return ResourceRequirements.of(given);
    }

    private static List<PluginDependency> dependencies(String value) {
        List<PluginDependency> deps = new ArrayList<>();
        for (Clause c : clauses(value)) {
            String range = c.getAttribute(Constants.VERSION_ATTRIBUTE);
            if (range != null) {
                try {
                    VersionRange.valueOf(range);
                } catch (IllegalArgumentException e) {
                    throw invalid(PluginHeaders.DEPENDENCIES + ": version '" + range + "' of '" + c.getName()
                            + "' is not an OSGi version range; write e.g. version=\"[1.0,2)\"");
                }
            }
            deps.add(new PluginDependency(c.getName(), range));
        }
        return deps;
    }

    private static Clause[] clauses(String value) {
        if (value == null || value.isBlank()) {
            return new Clause[0];
        }
        try {
            return Parser.parseHeader(value);
        } catch (IllegalArgumentException e) {
            throw invalid("header value '" + value + "' is not OSGi header syntax: " + e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static ValidationException invalid(String message) {
        return new ValidationException(ValidationErrorKind.INVALID_METADATA, message);
    }
}
