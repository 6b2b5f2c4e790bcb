package nexcage.core.internal.containers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import nexcage.api.backend.ManagedLabels;

/**
 * The labels every new container gets, set here once for all backends (a backend attaches a
 * spec's labels as they are): that NexCage made it, its id, its backend, the version of the
 * runtime that made it and the plugins active then.
 */
final class LabelPolicy {
    private final Supplier<String> runtimeVersion;
    private final Supplier<String> activePlugins;

    /**
     * @param runtimeVersion the running runtime's version, e.g. {@code 0.8.0}
     * @param activePlugins the active plugins as {@code name=version,name=version}
     */
    LabelPolicy(Supplier<String> runtimeVersion, Supplier<String> activePlugins) {
        this.runtimeVersion = runtimeVersion;
        this.activePlugins = activePlugins;
    }

    Map<String, String> labels(String id, String backend) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(ManagedLabels.MANAGED, "true");
        l.put(ManagedLabels.ID, id);
        l.put(ManagedLabels.BACKEND, backend);
        l.put(ManagedLabels.VERSION, runtimeVersion.get());
        l.put(ManagedLabels.PLUGINS, activePlugins.get());
        return l;
    }
}
