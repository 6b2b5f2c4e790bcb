package nexcage.core.internal.containers;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ContainerStatus;

/** The backends the container service can use, as {@link BackendRegistry} keeps them (a plain map in tests). */
interface Backends {

    Optional<ContainerBackend> backend(String name);

    /** The name of the plugin that provides the backend, whose calls it is charged with. */
    Optional<String> plugin(String name);

    /** The names of the backends there are, sorted. */
    List<String> names();

    /** The backend's engine did not answer: check its health now, so that {@code backend list} says so. */
    void recheck(String name);

    /**
     * The status the next engine event of container {@code id} on {@code backend} reports; it
     * may never complete, so wait with a bound, and cancel it when no longer wanted.
     */
    CompletableFuture<ContainerStatus> nextStatus(String backend, String id);

    /** Every backend, its health checked now. */
    List<ContainerService.BackendState> states();

    /** Where the durations of the backends' calls are counted. */
    OperationTimes times();
}
