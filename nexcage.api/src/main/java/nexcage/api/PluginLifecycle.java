package nexcage.api;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The seed's plugin hooks as a service a plugin may register. The core calls each method on its
 * own executor, never longer than the plugin's {@code timeout_seconds}: a method that throws or
 * overruns leaves the plugin {@code failed} with the reason, and never blocks other plugins.
 * Every method has a harmless default, so a plugin implements only what it needs.
 */
@ConsumerType
public interface PluginLifecycle {

    /** The plugin starts its work. Throwing leaves the plugin failed with the exception's message. */
    default void init(PluginContext context) throws Exception {
    }

    /** The plugin stops its work and releases what it holds. */
    default void deinit(PluginContext context) throws Exception {
    }

    /** The plugin's health; {@link HealthStatus#UNKNOWN} when it does not check. */
    default HealthStatus healthCheck(PluginContext context) throws Exception {
        return HealthStatus.UNKNOWN;
    }

    /**
     * Checks a new configuration before it is applied. Throwing refuses it: the exception's message
     * is reported with the file and line, and the last good configuration stays in force.
     */
    default void checkConfig(PluginContext context, Map<String, Object> config) throws Exception {
    }

    /** The plugin's configuration changed; {@code config} is the new one. */
    default void configReload(PluginContext context, Map<String, Object> config) throws Exception {
    }

    /** The daemon is about to shut down. */
    default void preShutdown(PluginContext context) throws Exception {
    }

    /** The plugin is about to be reloaded: pause work that must not see the swap. */
    default void suspend(PluginContext context) throws Exception {
    }

    /** The reload is done: continue. */
    default void resume(PluginContext context) throws Exception {
    }
}
