package nexcage.api.backend;

import java.io.OutputStream;
import java.nio.file.Path;
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

    /**
     * Imports an image named {@code name} ({@code repo[:tag]}; {@code :latest} when no tag is given)
     * from {@code source}: a file is a root file system tarball, as {@code docker import} takes
     * (plain or gzip); a directory is an OCI image layout, of which the image whose
     * {@code org.opencontainers.image.ref.name} is the tag is taken, or its only image. An image of
     * that name is replaced. A backend that keeps no images throws {@code UNSUPPORTED}.
     *
     * @since 1.3
     */
    default ImageInfo importImage(String name, Path source) throws BackendException {
        throw new BackendException(BackendException.Reason.UNSUPPORTED, "the " + name()
                + " backend does not import images; import them with its engine's own tools");
    }

    /**
     * The images this backend can run, newest first.
     *
     * @since 1.3
     */
    default List<ImageInfo> images() throws BackendException {
        throw new BackendException(BackendException.Reason.UNSUPPORTED, "the " + name()
                + " backend does not list images; list them with its engine's own tools");
    }

    /**
     * Removes an image; without {@code force}, refuses ({@code IMAGE_IN_USE}) while a container
     * uses it.
     *
     * @since 1.3
     */
    default void removeImage(String name, boolean force) throws BackendException {
        throw new BackendException(BackendException.Reason.UNSUPPORTED, "the " + name()
                + " backend does not remove images; remove them with its engine's own tools");
    }
}
