package nexcage.api.backend;

import java.util.List;
import java.util.Map;

/**
 * What to create: the NexCage id (validated with the container id rule), the image, the command
 * (may be empty: the image's default), the labels to attach, exactly these (the core sets
 * {@link ManagedLabels} among them), whether the engine removes the container when it exits, and
 * its network: {@code null} for the backend's default (which the backend's description names),
 * {@link #NETWORK_NONE} or {@link #NETWORK_HOST} (since 1.3). A backend that cannot give the asked
 * network refuses the create with a {@link BackendException} that says so.
 */
public record ContainerSpec(String id, String image, List<String> command, Map<String, String> labels,
        boolean autoRemove, String network) {

    /** No network but loopback. @since 1.3 */
    public static final String NETWORK_NONE = "none";
    /** The host's own network namespace. @since 1.3 */
    public static final String NETWORK_HOST = "host";

    public ContainerSpec {
        command = List.copyOf(command);
        labels = Map.copyOf(labels);
    }

    /** A spec on the backend's default network. */
    public ContainerSpec(String id, String image, List<String> command, Map<String, String> labels,
            boolean autoRemove) {
        this(id, image, command, labels, autoRemove, null);
    }
}
