package nexcage.api;

import java.util.Locale;
import java.util.Optional;

/**
 * What a plugin may do through NexCage's API. A plugin declares the capabilities it needs in its
 * {@code NexCage-Capabilities} header by their lower-case names ({@code container_create}, ...).
 * Capabilities limit calls into NexCage; they are not a sandbox.
 */
public enum Capability {
    FILESYSTEM_READ, FILESYSTEM_WRITE, FILESYSTEM_EXECUTE,
    NETWORK_CLIENT, NETWORK_SERVER, NETWORK_RAW,
    PROCESS_SPAWN, PROCESS_SIGNAL, PROCESS_PTRACE,
    SYSTEM_INFO, SYSTEM_METRICS,
    CONTAINER_CREATE, CONTAINER_START, CONTAINER_STOP, CONTAINER_DELETE,
    CONTAINER_EXEC, CONTAINER_LIST, CONTAINER_INFO,
    HOST_COMMAND, HOST_MOUNT, HOST_DEVICE,
    CONFIG_READ, CONFIG_WRITE,
    LOGGING, METRICS, TRACING, API_SERVER, API_CLIENT;

    /** The name used in manifests, config and output, e.g. {@code container_create}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The capability with that manifest name, if there is one (exact, lower-case match). */
    public static Optional<Capability> byId(String id) {
        for (Capability c : values()) {
            if (c.id().equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
