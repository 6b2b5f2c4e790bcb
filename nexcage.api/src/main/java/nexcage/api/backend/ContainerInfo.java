package nexcage.api.backend;

import java.time.Instant;
import java.util.Map;

/**
 * A container as a backend sees it. {@code id} is the NexCage id; {@code engineId} the engine's
 * own; {@code pid} is 0 when not running; {@code exitCode} is null unless it stopped.
 */
public record ContainerInfo(String id, String engineId, String image, ContainerStatus status, String backend,
        Instant created, long pid, Integer exitCode, Map<String, String> labels) {
    public ContainerInfo {
        labels = Map.copyOf(labels);
    }
}
