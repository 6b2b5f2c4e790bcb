package nexcage.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the runtime hands a plugin in its lifecycle calls: who it is, where it may keep state, and
 * its current configuration. Valid from {@code init} until {@code deinit} returns.
 */
@ProviderType
public interface PluginContext {

    /** The plugin's name ({@code NexCage-Plugin-Name}). */
    String getPluginName();

    /** The plugin's metadata, as read from its manifest. */
    PluginMetadata getMetadata();

    /** True between init and deinit. */
    boolean isValid();

    /** A directory of the plugin's own under the state directory; created on first use. */
    Path getDataDirectory();

    /** The plugin's effective configuration ({@code plugins.NAME.config}); empty when it has none. */
    Map<String, Object> getConfig();

    /**
     * The seed's {@code registerHook(plugin, hook, handler, priority, timeout_ms)}: registers
     * {@code handler} for {@code hook} in this plugin's name (the same as registering a
     * {@link nexcage.api.hooks.HookHandler} service). It goes away with the plugin, or when the
     * returned handle is closed; its timeout is capped by the plugin's {@code timeout_seconds}.
     */
    AutoCloseable registerHook(String hook, nexcage.api.hooks.HookHandler handler, nexcage.api.hooks.HookPriority priority,
            long timeoutMs);

    /**
     * Writes a line to the daemon's log, marked with the plugin's name. Needs the {@code logging}
     * capability: without it the line is not written and {@link CapabilityDeniedException} is thrown.
     */
    void log(String level, String message);

    /**
     * A thread factory whose threads are this plugin's: they count against its {@code max_threads}
     * and {@code max_cpu_percent}, and {@code nexcage plugin stats} shows their CPU time. Use it for
     * every thread or executor the plugin starts, e.g.
     * {@code Executors.newFixedThreadPool(2, context.threadFactory())}; its threads are daemon
     * threads named {@code nexcage-plugin-NAME-N}. Stop them in {@code deinit}.
     *
     * @since 1.2
     */
    ThreadFactory threadFactory();
}
