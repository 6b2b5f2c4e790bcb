package nexcage.api;

import java.util.LinkedHashMap;
import java.util.Map;

import nexcage.api.validation.ValidationErrorKind;
import nexcage.api.validation.ValidationException;

/**
 * The resources a plugin asks for ({@code NexCage-Resources}), with the seed engine's defaults and
 * bounds. {@code timeout_seconds} also limits every call NexCage makes into the plugin.
 */
public final class ResourceRequirements {

    /** One resource: its manifest key, default and inclusive bounds. */
    public enum Resource {
        MAX_MEMORY_MB("max_memory_mb", 64, 1, 2048),
        MAX_CPU_PERCENT("max_cpu_percent", 5, 1, 100),
        MAX_FILE_DESCRIPTORS("max_file_descriptors", 100, 1, 4096),
        MAX_THREADS("max_threads", 10, 1, 100),
        TIMEOUT_SECONDS("timeout_seconds", 30, 1, 300),
        MAX_NETWORK_CONNECTIONS("max_network_connections", 50, 0, Integer.MAX_VALUE),
        MAX_DISK_USAGE_MB("max_disk_usage_mb", 100, 0, Integer.MAX_VALUE);

        private final String key;
        private final int defaultValue;
        private final int min;
        private final int max;

        Resource(String key, int defaultValue, int min, int max) {
            this.key = key;
            this.defaultValue = defaultValue;
            this.min = min;
            this.max = max;
        }

        public String key() {
            return key;
        }

        public int defaultValue() {
            return defaultValue;
        }

        public int min() {
            return min;
        }

        public int max() {
            return max;
        }

        public static Resource byKey(String key) {
            for (Resource r : values()) {
                if (r.key.equals(key)) {
                    return r;
                }
            }
            return null;
        }
    }

    public static final ResourceRequirements DEFAULTS = new ResourceRequirements(Map.of());

    private final Map<Resource, Integer> values;

    private ResourceRequirements(Map<Resource, Integer> given) {
        Map<Resource, Integer> all = new LinkedHashMap<>();
        for (Resource r : Resource.values()) {
            all.put(r, given.getOrDefault(r, r.defaultValue));
        }
        this.values = all;
    }

    /**
     * Requirements from key/value pairs such as {@code max_memory_mb=128}; absent keys take their
     * defaults.
     *
     * @throws ValidationException ({@code INVALID_RESOURCES}) for an unknown key, a value that is
     *     not a whole number, or one outside its bounds
     */
    public static ResourceRequirements of(Map<String, ?> given) {
        Map<Resource, Integer> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : given.entrySet()) {
            Resource r = Resource.byKey(e.getKey());
            if (r == null) {
                throw invalid("unknown resource '" + e.getKey() + "'; the known ones are " + knownKeys());
            }
            int value;
            try {
                value = Integer.parseInt(String.valueOf(e.getValue()).trim());
            } catch (NumberFormatException ex) {
                throw invalid(r.key + "=" + e.getValue() + " is not a whole number; write e.g. "
                        + r.key + "=" + r.defaultValue);
            }
            if (value < r.min || value > r.max) {
                throw invalid(r.key + "=" + value + " is out of bounds; use a value from " + r.min
                        + " to " + (r.max == Integer.MAX_VALUE ? "any" : String.valueOf(r.max)));
            }
            parsed.put(r, value);
        }
        return new ResourceRequirements(parsed);
    }

    private static String knownKeys() {
        StringBuilder b = new StringBuilder();
        for (Resource r : Resource.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(r.key);
        }
        return b.toString();
    }

    private static ValidationException invalid(String why) {
        return new ValidationException(ValidationErrorKind.INVALID_RESOURCES, "NexCage-Resources: " + why);
    }

    public int get(Resource r) {
        return values.get(r);
    }

    public int maxMemoryMb() {
        return get(Resource.MAX_MEMORY_MB);
    }

    public int maxCpuPercent() {
        return get(Resource.MAX_CPU_PERCENT);
    }

    public int maxFileDescriptors() {
        return get(Resource.MAX_FILE_DESCRIPTORS);
    }

    public int maxThreads() {
        return get(Resource.MAX_THREADS);
    }

    public int timeoutSeconds() {
        return get(Resource.TIMEOUT_SECONDS);
    }

    public int maxNetworkConnections() {
        return get(Resource.MAX_NETWORK_CONNECTIONS);
    }

    public int maxDiskUsageMb() {
        return get(Resource.MAX_DISK_USAGE_MB);
    }

    /** All seven values by manifest key, in declaration order. */
    public Map<String, Integer> asMap() {
        Map<String, Integer> out = new LinkedHashMap<>();
        values.forEach((r, v) -> out.put(r.key, v));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceRequirements && ((ResourceRequirements) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        asMap().forEach((k, v) -> b.append(b.length() == 0 ? "" : ";").append(k).append('=').append(v));
        return b.toString();
    }
}
