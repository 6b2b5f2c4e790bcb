package nexcage.api.validation;

/** The kinds of invalid input, as the original NexCage engine names them. */
public enum ValidationErrorKind {
    EMPTY_INPUT,
    INPUT_TOO_LONG,
    INVALID_CHARACTERS,
    INVALID_CONTAINER_ID,
    INVALID_HOSTNAME,
    INVALID_COMMAND,
    PATH_TRAVERSAL,
    INVALID_EMAIL,
    INVALID_URL,
    INVALID_RESOURCES,
    INVALID_METADATA
}
