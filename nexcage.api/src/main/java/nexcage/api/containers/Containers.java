package nexcage.api.containers;

import java.util.List;

import nexcage.api.backend.ContainerInfo;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a plugin may do to containers, as a service the runtime hands each plugin for itself. Each
 * method needs the capability it names; a call without it throws
 * {@link nexcage.api.CapabilityDeniedException} and is recorded as a violation. A call with it goes
 * through the container layer the CLI uses, so hooks may veto it; a failure throws
 * {@link ContainerOperationException} with the sentence the CLI would print.
 */
@ProviderType
public interface Containers {

    /** {@code container_list}: NexCage's containers on every backend; with {@code all}, the engines' others too. */
    List<ContainerInfo> list(boolean all);

    /** {@code container_info}: one container, by its NexCage id. */
    ContainerInfo info(String id);

    /**
     * {@code container_create}: makes a container without starting it, on {@code backend} or, when
     * that is null, on the one routing chooses.
     */
    ContainerInfo create(String id, String image, List<String> command, String backend);

    /** {@code container_start}. */
    void start(String id);

    /** {@code container_stop}: TERM, then KILL after {@code timeoutSeconds}. */
    void stop(String id, int timeoutSeconds);

    /** {@code container_delete}; {@code force} removes a running one. */
    void delete(String id, boolean force);

    /** {@code container_exec}: runs {@code command} in the running container and returns what it printed. */
    ExecResult exec(String id, List<String> command);
}
