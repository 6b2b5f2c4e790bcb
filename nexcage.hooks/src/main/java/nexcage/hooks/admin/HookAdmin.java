package nexcage.hooks.admin;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the core reads and switches on the hook dispatcher. Registered as a service by the
 * {@code nexcage.hooks} bundle next to {@link nexcage.api.hooks.HookDispatcher}.
 */
@ProviderType
public interface HookAdmin {

    /**
     * Service property a handler registered by a non-plugin (runtime) bundle may set to
     * {@code true} to run on the firing thread without a timeout (cheaper: no thread hand-off).
     * Ignored, with a warning, on handlers of plugins: their calls are always timed.
     */
    String INLINE = "nexcage.hook.inline";

    /**
     * Service property a non-plugin (runtime) bundle may set to name the plugin a handler is
     * registered for (e.g. the core registering on a plugin's behalf). Ignored on handlers of
     * plugin bundles, whose name always comes from their {@code NexCage-Plugin-Name}.
     */
    String PLUGIN = "nexcage.hook.plugin";

    /** Every handler registration (one per handler and hook), sorted by hook then run order. */
    List<HookRegistrationInfo> registrations();

    /** The latency buckets of every handler registration, in the same order as {@link #registrations()}. */
    default List<HookLatency> latencies() {
        return List.of();
    }

    /** The registrations of one plugin, in the same order; empty when it has none. */
    List<HookRegistrationInfo> registrations(String plugin);

    /**
     * Stops (false) or resumes (true) dispatching to every handler of the plugin, including ones
     * it registers later; their statistics are kept.
     */
    void setEnabled(String plugin, boolean enabled);

    /** Handler threads still busy in a call that was abandoned after its timeout. */
    int hungThreads();
}
