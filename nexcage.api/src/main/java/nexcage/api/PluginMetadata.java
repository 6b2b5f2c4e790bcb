package nexcage.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import nexcage.api.validation.Validation;
import nexcage.api.validation.ValidationErrorKind;
import nexcage.api.validation.ValidationException;

/**
 * A plugin's metadata: the seed's {@code plugin.json}, carried in the bundle manifest
 * ({@link PluginHeaders}). Instances are always valid: the constructor applies the seed engine's
 * rules.
 */
public final class PluginMetadata {
    public static final int MAX_DESCRIPTION = 512;

    private final String name;
    private final String version;
    private final String description;
    private final String author;
    private final int apiVersion;
    private final String nexcageVersion;
    private final Set<Capability> capabilities;
    private final ResourceRequirements resources;
    private final List<PluginDependency> dependencies;

    /**
     * @throws ValidationException with {@code INVALID_METADATA} (or the name rule's own kind) when
     *     a field breaks its rule
     */
    public PluginMetadata(String name, String version, String description, String author, int apiVersion,
            String nexcageVersion, Set<Capability> capabilities, ResourceRequirements resources,
            List<PluginDependency> dependencies) {
        this.name = Validation.pluginName(name);
        this.version = Objects.requireNonNull(version, "version");
        if (description == null || description.isEmpty()) {
            throw new ValidationException(ValidationErrorKind.INVALID_METADATA,
                    "Bundle-Description of plugin '" + name + "' is empty; describe the plugin in 1 to "
                            + MAX_DESCRIPTION + " characters");
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw new ValidationException(ValidationErrorKind.INVALID_METADATA,
                    "Bundle-Description of plugin '" + name + "' has " + description.length()
                            + " characters; shorten it to at most " + MAX_DESCRIPTION);
        }
        if (apiVersion < 1) {
            throw new ValidationException(ValidationErrorKind.INVALID_METADATA,
                    PluginHeaders.API_VERSION + ": " + apiVersion + " is not a positive integer; this runtime serves API "
                            + PluginHeaders.CURRENT_API_VERSION);
        }
        this.description = description;
        this.author = author;
        this.apiVersion = apiVersion;
        this.nexcageVersion = nexcageVersion;
        this.capabilities = capabilities.isEmpty() ? Collections.emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
        this.resources = resources == null ? ResourceRequirements.DEFAULTS : resources;
        this.dependencies = List.copyOf(dependencies);
    }

    public String name() {
        return name;
    }

    /** The bundle version, as written in {@code Bundle-Version}. */
    public String version() {
        return version;
    }

    public String description() {
        return description;
    }

    /** The author ({@code Bundle-Vendor}), or null. */
    public String author() {
        return author;
    }

    public int apiVersion() {
        return apiVersion;
    }

    /** The range of runtime versions the plugin works with, or null for any. */
    public String nexcageVersion() {
        return nexcageVersion;
    }

    public Set<Capability> capabilities() {
        return capabilities;
    }

    public boolean hasCapability(Capability c) {
        return capabilities.contains(c);
    }

    public ResourceRequirements resources() {
        return resources;
    }

    public List<PluginDependency> dependencies() {
        return dependencies;
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
