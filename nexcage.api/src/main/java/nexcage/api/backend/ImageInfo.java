package nexcage.api.backend;

import java.time.Instant;

/**
 * An image a backend can run: its name ({@code repo:tag}), the engine's id for it (a digest such
 * as {@code sha256:...}), its size on disk in bytes (-1 when the engine does not say), when it was
 * made or imported, and the backend that holds it.
 *
 * @since 1.3
 */
public record ImageInfo(String name, String id, long sizeBytes, Instant created, String backend) {
}
