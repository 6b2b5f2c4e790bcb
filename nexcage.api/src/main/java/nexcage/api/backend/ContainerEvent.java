package nexcage.api.backend;

/** Something the engine reports about a container by itself: it died, was killed, ran out of memory. */
public record ContainerEvent(String id, String action, ContainerStatus status, Integer exitCode) {
}
