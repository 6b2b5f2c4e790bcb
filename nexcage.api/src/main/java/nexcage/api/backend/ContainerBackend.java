package nexcage.api.backend;

import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An engine that runs containers. A plugin registers it as a service; only the core calls it, so
 * that hooks and checks always run. Ids are NexCage ids. Failures throw {@link BackendException}
 * with a message a person can act on.
 */
@ConsumerType
public interface ContainerBackend {

    /** The backend's name, used by {@code --backend} and routing rules (e.g. {@code docker}). */
    String name();

    /** One line saying what the backend runs containers on. */
    String description();

    /** Checks the engine now. Never throws. */
    BackendHealth health();

    ContainerInfo create(ContainerSpec spec) throws BackendException;

    void start(String id) throws BackendException;

    void stop(String id, int timeoutSeconds) throws BackendException;

    /** Sends a signal ({@code KILL}, {@code TERM}, {@code HUP}, ... or a number). */
    void kill(String id, String signal) throws BackendException;

    void delete(String id, boolean force) throws BackendException;

    /** The containers this backend made; with {@code all}, the engine's others too. */
    List<ContainerInfo> list(boolean all) throws BackendException;

    ContainerInfo info(String id) throws BackendException;

    /** Runs a command in a running container, copying its output; returns its exit code. */
    int exec(String id, List<String> command, OutputStream out, OutputStream err) throws BackendException;

    /** Copies the container's output; with {@code follow}, until it stops. {@code tail} &lt; 0 means all. */
    void logs(String id, boolean follow, int tail, OutputStream out, OutputStream err) throws BackendException;

    /**
     * Attaches to a created container's output, starts it, copies its output until it exits, and
     * returns its exit code (attaching first, so no early output is lost).
     */
    int startAttached(String id, OutputStream out, OutputStream err) throws BackendException;

    /**
     * As {@link #startAttached(String, OutputStream, OutputStream)}, and runs {@code started} on the
     * calling thread once the engine has started the container, before its output is copied, so
     * that what follows a start ({@code container.post_start}) does not wait for the exit. A backend
     * that cannot tell runs it once the container has exited.
     *
     * @since 1.1
     */
    default int startAttached(String id, OutputStream out, OutputStream err, Runnable started) throws BackendException {
        int code = startAttached(id, out, err);
        started.run();
        return code;
    }

    /** Reports the engine's own events until the returned handle is closed. */
    default AutoCloseable events(Consumer<ContainerEvent> listener) throws BackendException {
        return () -> { };
    }
}
