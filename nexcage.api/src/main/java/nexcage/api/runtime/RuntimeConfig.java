package nexcage.api.runtime;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The runtime's configuration (config.yaml) as a plugin may see and change it. Secrets are always
 * masked. A plugin's own section ({@code plugins.NAME.config}) needs no capability; anything else
 * needs {@code config_read} to read and {@code config_write} to change.
 */
@ProviderType
public interface RuntimeConfig {

    /** {@code config_read}: the effective configuration, {@code runtime} and {@code plugins}, secrets masked. */
    Map<String, Object> effective();

    /** The {@code config} map of {@code plugin}'s section, masked; empty when it has none. Another plugin's needs {@code config_read}. */
    Map<String, Object> pluginConfig(String plugin);

    /**
     * Replaces the {@code config} map of {@code plugin}'s section in config.yaml (written
     * atomically, the rest of the file left as it was) and applies it as a live edit would be.
     * Another plugin's section needs {@code config_write}. A value the plugin's checks refuse
     * throws {@link IllegalArgumentException} with the reason, and the file is left unchanged.
     */
    void updatePluginConfig(String plugin, Map<String, Object> config);
}
