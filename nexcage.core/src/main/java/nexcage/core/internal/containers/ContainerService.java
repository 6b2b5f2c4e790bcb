package nexcage.core.internal.containers;

import java.io.PrintStream;
import java.util.List;

import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerInfo;
import nexcage.core.internal.command.ClientSignals;

/**
 * What can be done to containers, with everything the runtime owes each operation: the backend
 * chosen by {@code --backend}, routing or the default (DESIGN §8), the {@code container.pre_*}
 * hooks asked (a veto stops the operation) and the {@code container.post_*} ones told (DESIGN §6),
 * NexCage's labels set on each new container, and every failure turned into one
 * {@link ContainerFailure} with the sentence for the user and the exit status. Requests come
 * checked (ids, image, command, options): this layer does not parse.
 */
public interface ContainerService {

    /**
     * A container to create: {@code backend} is the one asked for ({@code --backend}) or null; {@code autoRemove} is {@code --rm};
     * {@code network} is {@code --network} ({@code none} or {@code host}), null for the backend's default.
     */
    record NewContainer(String id, String image, List<String> command, String backend, boolean autoRemove, String network) {
        public NewContainer {
            command = List.copyOf(command);
        }

        /** On the backend's default network. */
        public NewContainer(String id, String image, List<String> command, String backend, boolean autoRemove) {
            this(id, image, command, backend, autoRemove, null);
        }
    }

    /** An existing container: {@code backend} is the one asked for ({@code --backend}) or null. */
    record Target(String id, String backend) {
    }

    /** Whoever waits for a streaming operation: where its output goes, and the signals it passes on. */
    record Client(PrintStream out, PrintStream err, ClientSignals signals) {
    }

    /** A container and the backend it is on. */
    record Found(String backend, ContainerInfo info) {
    }

    /** A backend, the plugin that provides it, what it says it is (its default network, say) and its health. */
    record BackendState(String name, String plugin, String description, BackendHealth health) {
    }

    /** {@code create}: makes the container without starting it. Fails with status 1 (2 for an unknown {@code --backend}). */
    ContainerInfo create(NewContainer c) throws ContainerFailure;

    /** {@code run -d}: makes and starts the container. Fails with Docker's 125, 126 or 127. */
    ContainerInfo runDetached(NewContainer c) throws ContainerFailure;

    /**
     * {@code run} attached: makes and starts the container, passes the client's signals on to
     * it, copies its output to the client until it exits, and returns its exit code (130 if the
     * client went away first). Fails with Docker's 125, 126 or 127.
     */
    int runAttached(NewContainer c, Client client) throws ContainerFailure;

    void start(Target t) throws ContainerFailure;

    /** Stops the container (TERM, then KILL after {@code seconds}); one that is not running counts as stopped. */
    void stop(Target t, int seconds) throws ContainerFailure;

    /** Sends {@code signal}, a name as {@code kill -s} takes it (checked already) or a number. */
    void kill(Target t, String signal) throws ContainerFailure;

    void delete(Target t, boolean force) throws ContainerFailure;

    /** The containers of one backend ({@code backend} not null) or of all; with {@code all}, the engines' others too. */
    List<Found> list(String backend, boolean all) throws ContainerFailure;

    Found info(Target t) throws ContainerFailure;

    /** Runs {@code command} in the running container, streaming to the client; returns its exit code. Fails with 125-127. */
    int exec(Target t, List<String> command, Client client) throws ContainerFailure;

    /** Copies the container's output ({@code tail} lines, all if negative) to the client; with {@code follow} until it stops. */
    void logs(Target t, boolean follow, int tail, Client client) throws ContainerFailure;

    /** Fails with status 2, saying which backends there are, unless {@code backend} is one. */
    void requireBackend(String backend) throws ContainerFailure;

    /** Every backend, its health checked now. */
    List<BackendState> backends();
}
