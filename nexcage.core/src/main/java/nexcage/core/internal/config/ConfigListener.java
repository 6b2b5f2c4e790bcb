package nexcage.core.internal.config;

/**
 * Told about every configuration that was applied (whiteboard: {@link ConfigService} binds every
 * one there is, and tells each the configuration in force as soon as it is bound). Called on the
 * config thread: do little, hand longer work to a thread of your own.
 */
public interface ConfigListener {

    void configApplied(ConfigDocument current);
}
