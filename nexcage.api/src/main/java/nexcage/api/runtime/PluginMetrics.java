package nexcage.api.runtime;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A plugin's own metrics ({@code metrics}): counters and gauges under names of
 * {@code [a-z][a-z0-9_]{0,63}}, kept by the runtime in the plugin's name and shown by
 * {@code nexcage plugin stats NAME}; they go when the plugin is uninstalled.
 */
@ProviderType
public interface PluginMetrics {

    /** Adds {@code delta} (not negative) to the counter {@code name}, created at 0 on first use. */
    void increment(String name, long delta);

    /** Sets the gauge {@code name}. */
    void gauge(String name, double value);

    /** This plugin's metrics, by name. */
    Map<String, Double> snapshot();
}
