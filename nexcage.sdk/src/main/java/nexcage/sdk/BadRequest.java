package nexcage.sdk;

/** A {@code plugin new} command line that cannot be carried out: its message is the one line the user sees (exit 2). */
public final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    public BadRequest(String message) {
        super(message);
    }
}
