package nexcage.security.admin;

import java.time.Instant;

/**
 * One kind of violation of one plugin, counted: a denied call, a hidden look-up, or a resource
 * limit exceeded. {@code capability} is null when no capability would allow it (a hidden service,
 * a limit). {@code time} is the latest occurrence.
 */
public record Violation(Instant time, String plugin, String capability, String operation, String detail, long count) {

    /** A resource limit of the manifest exceeded (operation {@code resource.KEY}, e.g. {@code resource.max_threads}). */
    public static final String KIND_RESOURCE = "resource";
    /** A look-up of a service hidden from plugins (no capability). */
    public static final String KIND_HIDDEN_SERVICE = "hidden_service";
    /** A call denied for want of a capability. */
    public static final String KIND_CAPABILITY = "capability";
    /** Operations of resource violations start with this. */
    public static final String RESOURCE_PREFIX = "resource.";

    /** What kind of violation this is: {@link #KIND_RESOURCE}, {@link #KIND_HIDDEN_SERVICE} or {@link #KIND_CAPABILITY}. */
    public String kind() {
        if (operation != null && operation.startsWith(RESOURCE_PREFIX)) {
            return KIND_RESOURCE;
        }
        return capability == null ? KIND_HIDDEN_SERVICE : KIND_CAPABILITY;
    }
}
