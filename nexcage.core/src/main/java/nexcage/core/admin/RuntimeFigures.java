package nexcage.core.admin;

import java.util.List;
import java.util.Map;

/** What the core knows of its plugins and backends now, read at once (cheap: no call into a plugin). */
public interface RuntimeFigures {

    /**
     * One plugin's state and health as {@code plugin list} shows them (lower case ids: state
     * {@code active}, {@code failed}, ...; health {@code healthy}, {@code unknown}, ...), and the
     * metrics it registered through {@code PluginMetrics}, by name.
     */
    record PluginFigures(String plugin, String state, String health, Map<String, Double> metrics) {
    }

    /** One backend's health ({@code healthy}, {@code unhealthy}, {@code undetected}) and the plugin providing it. */
    record BackendFigures(String backend, String plugin, String health) {
    }

    /**
     * How long one backend's calls of one {@code ContainerBackend} method took since the daemon
     * started ({@code operation} as the accounting names it: {@code create}, {@code start},
     * {@code health}, ...), in classic histogram buckets: {@code counts[i]} calls took at most
     * {@code upperBounds[i]} seconds and more than the bound before it (not cumulative); the last
     * count is of the calls over the last bound. {@code sumSeconds} is their total duration.
     */
    record OperationLatency(String backend, String operation, double[] upperBounds, long[] counts, double sumSeconds) {
    }

    List<PluginFigures> plugins();

    List<BackendFigures> backends();

    /** Whether the plugins present at boot have been installed and started (the daemon is ready). */
    boolean booted();

    /** The latency histograms of the container operations, by backend and operation; none by default. */
    default List<OperationLatency> containerOperations() {
        return List.of();
    }
}
