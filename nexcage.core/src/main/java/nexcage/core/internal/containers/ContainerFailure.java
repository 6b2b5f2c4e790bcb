package nexcage.core.internal.containers;

/** A container operation was refused or failed: the message is the sentence for the user, the status the exit status. */
public final class ContainerFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ContainerFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    public ContainerFailure(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
