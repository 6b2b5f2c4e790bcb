package nexcage.api.backend;

/**
 * The labels the core puts in {@link ContainerSpec#labels()} of every container it creates. A
 * backend attaches a spec's labels as they are, adding none of these itself, and counts as its
 * own (for {@link ContainerBackend#list(boolean) list(false)}) the containers labelled
 * {@code nexcage.managed=true}.
 *
 * @since 1.2
 */
public final class ManagedLabels {
    /** {@code true} on every container NexCage made. */
    public static final String MANAGED = "nexcage.managed";
    /** The container's NexCage id. */
    public static final String ID = "nexcage.id";
    /** The name of the backend it was created on. */
    public static final String BACKEND = "nexcage.backend";
    /** The version of the NexCage runtime that created it. */
    public static final String VERSION = "nexcage.version";
    /** The active plugins when it was created, as {@code name=version,name=version}. */
    public static final String PLUGINS = "nexcage.plugins";

    private ManagedLabels() {
    }
}
