package nexcage.security.admin;

/**
 * Told of each violation as it is recorded (a whiteboard service; the core registers one that fires
 * {@code security.violation} and applies {@code runtime.security}). Called on the violating
 * thread: return soon, never throw.
 */
public interface ViolationListener {

    void violated(Violation v);
}
