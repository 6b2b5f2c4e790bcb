package nexcage.security.admin;

import java.time.Instant;

/**
 * One kind of violation of one plugin, counted: a denied call or a hidden look-up.
 * {@code capability} is null when no capability would allow it (a hidden service).
 * {@code time} is the latest occurrence.
 */
public record Violation(Instant time, String plugin, String capability, String operation, String detail, long count) {
}
