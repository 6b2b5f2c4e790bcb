package nexcage.api.validation;

/**
 * Input broke one of NexCage's rules. The message is one sentence that names the input, the rule
 * it broke and how to fix it; {@link #kind()} says which rule in machine terms.
 */
public class ValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final ValidationErrorKind kind;

    public ValidationException(ValidationErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ValidationErrorKind kind() {
        return kind;
    }
}
