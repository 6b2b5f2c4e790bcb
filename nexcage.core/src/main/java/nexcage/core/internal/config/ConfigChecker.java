package nexcage.core.internal.config;

import java.util.Map;

/**
 * Asks a plugin about its configuration (whiteboard: {@link ConfigService} binds every one there
 * is). The plugins side implements it, because only it can call into plugins with their timeouts.
 */
public interface ConfigChecker {

    /** Null when the plugin accepts the values (or cannot be asked), else why it refuses them. */
    String check(String plugin, Map<String, Object> config);

    /** The plugin's section changed and was delivered. */
    void reloaded(String plugin, Map<String, Object> config);
}
