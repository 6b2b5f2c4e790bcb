package nexcage.api.backend;

/** A backend operation failed; the message says what, why and what to do. */
public class BackendException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * What went wrong, for mapping to exit codes and tests. {@code COMMAND_NOT_FOUND} (the
     * container's command is not in its image) and {@code COMMAND_NOT_INVOKABLE} (it is there but
     * cannot be run, e.g. permission denied) are since 1.2; a start that fails so becomes exit 127
     * or 126, as with {@code docker run}. {@code IMAGE_IN_USE} (a container still uses the image
     * to remove) and {@code UNSUPPORTED} (this backend cannot do that at all) are since 1.3.
     */
    public enum Reason {
        NO_SUCH_CONTAINER, NO_SUCH_IMAGE, NAME_IN_USE, CONTAINER_RUNNING, NOT_RUNNING, ENGINE_UNAVAILABLE, OTHER,
        COMMAND_NOT_FOUND, COMMAND_NOT_INVOKABLE, IMAGE_IN_USE, UNSUPPORTED
    }

    private final Reason reason;

    public BackendException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BackendException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
