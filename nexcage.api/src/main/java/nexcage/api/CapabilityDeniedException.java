package nexcage.api;

/**
 * A call through one of NexCage's guarded services that the calling plugin did not declare the
 * capability for. The call did nothing; it was recorded as a violation ({@code nexcage plugin
 * violations}). The fix is to declare the capability in {@code NexCage-Capabilities}
 * ({@link PluginCapabilities}) and ship the plugin again.
 */
public class CapabilityDeniedException extends SecurityException {

    private static final long serialVersionUID = 1L;

    private final String plugin;
    private final String capability;
    private final String operation;

    public CapabilityDeniedException(String plugin, String capability, String operation) {
        super("plugin " + plugin + " may not " + operation + ": it does not declare the capability " + capability
                + "; add " + capability + " to its NexCage-Capabilities header");
        this.plugin = plugin;
        this.capability = capability;
        this.operation = operation;
    }

    /** The plugin that made the call. */
    public String plugin() {
        return plugin;
    }

    /** The capability the call needs, by its manifest name (e.g. {@code container_create}). */
    public String capability() {
        return capability;
    }

    /** What was refused, e.g. {@code containers.create}. */
    public String operation() {
        return operation;
    }
}
