package nexcage.api.containers;

/**
 * A container operation that the runtime refused or the backend failed: a hook's veto, an unknown
 * id, an engine error. The message is the sentence {@code nexcage} would print for it.
 */
public class ContainerOperationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ContainerOperationException(String message) {
        super(message);
    }
}
