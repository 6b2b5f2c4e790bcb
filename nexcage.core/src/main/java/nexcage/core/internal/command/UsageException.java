package nexcage.core.internal.command;

/** The command line was wrong: exit status 2 and this message. */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
