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

    List<PluginFigures> plugins();

    List<BackendFigures> backends();

    /** Whether the plugins present at boot have been installed and started (the daemon is ready). */
    boolean booted();
}
