package nexcage.api.runtime;

/**
 * The host as {@link SystemInfo#host()} measures it. {@code loadAverage} is the last minute's (-1
 * where the system has none); memory figures are in bytes, -1 when unknown.
 */
public record HostFigures(int processors, double loadAverage, long memoryTotalBytes, long memoryAvailableBytes,
        long heapUsedBytes, long heapMaxBytes) {
}
