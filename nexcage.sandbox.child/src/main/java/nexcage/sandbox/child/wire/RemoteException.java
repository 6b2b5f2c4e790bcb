package nexcage.sandbox.child.wire;

/** An exception thrown on the other side of the sandbox that has no counterpart here: its message is the original's. */
public final class RemoteException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String type;

    public RemoteException(String type, String message) {
        super(message);
        this.type = type;
    }

    /** The class name of the original exception. */
    public String type() {
        return type;
    }
}
