package nexcage.api;

import java.util.Objects;

/**
 * One entry of {@code NexCage-Dependencies}: another plugin by name, with an OSGi version range
 * such as {@code [1.0,2)}; a bare version means "this or newer".
 */
public final class PluginDependency {
    private final String name;
    private final String versionRange;

    public PluginDependency(String name, String versionRange) {
        this.name = Objects.requireNonNull(name);
        this.versionRange = versionRange == null || versionRange.isBlank() ? "0.0.0" : versionRange;
    }

    public String name() {
        return name;
    }

    public String versionRange() {
        return versionRange;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PluginDependency && ((PluginDependency) o).name.equals(name)
                && ((PluginDependency) o).versionRange.equals(versionRange);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, versionRange);
    }

    @Override
    public String toString() {
        return name + ";version=\"" + versionRange + "\"";
    }
}
