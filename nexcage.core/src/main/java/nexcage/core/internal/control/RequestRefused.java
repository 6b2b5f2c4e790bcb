package nexcage.core.internal.control;

/** A request (or connection) the daemon will not serve: the sentence the client prints, and its exit status. */
final class RequestRefused extends Exception {
    private static final long serialVersionUID = 1L;

    /** A connection-level refusal: not the daemon's user, or the daemon is at its connection cap. */
    static final int NOT_SERVED = 3;
    /** A request that breaks the protocol: too long, too slow, not JSON or with ill-typed fields. */
    static final int BAD_REQUEST = 2;

    private final int status;

    RequestRefused(String sentence, int status) {
        super(sentence, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
