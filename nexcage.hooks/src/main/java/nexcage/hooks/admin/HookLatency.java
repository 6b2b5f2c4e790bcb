package nexcage.hooks.admin;

/**
 * How long one handler registration's runs took since it was registered, in classic histogram
 * buckets: {@code counts[i]} runs took at most {@code upperBounds[i]} seconds and more than the
 * bound before it (not cumulative), the last count over the last bound; a timed-out run counts its
 * whole timeout. {@code sumSeconds} is their total duration.
 */
public record HookLatency(String hook, String plugin, double[] upperBounds, long[] counts, double sumSeconds) {
}
