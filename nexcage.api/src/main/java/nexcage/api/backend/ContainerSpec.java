package nexcage.api.backend;

import java.util.List;
import java.util.Map;

/**
 * What to create: the NexCage id (validated with the container id rule), the image, the command
 * (may be empty: the image's default), the labels to attach, exactly these (the core sets
 * {@link ManagedLabels} among them), and whether the engine removes the container when it exits.
 */
public record ContainerSpec(String id, String image, List<String> command, Map<String, String> labels,
        boolean autoRemove) {
    public ContainerSpec {
        command = List.copyOf(command);
        labels = Map.copyOf(labels);
    }
}
