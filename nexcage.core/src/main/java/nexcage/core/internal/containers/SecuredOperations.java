package nexcage.core.internal.containers;

import java.util.Map;

import nexcage.core.internal.containers.ContainerService.NewContainer;
import nexcage.core.internal.containers.ContainerService.Target;
import nexcage.core.internal.security.SecurityGate;

/**
 * Puts a container operation to the {@link SecurityGate} before it is done, for every caller (the
 * container commands, the guarded {@code Containers} of plugins). The action is {@code
 * container.OPERATION}; the resource is the container's id and its image ({@code web1
 * nexcage-test/busybox}), the image of an existing container looked up only while an extension
 * is registered. A refusal is a {@link ContainerFailure} with status 1 and nothing is done.
 */
public final class SecuredOperations {
    private static final int REFUSED = 1;

    private final SecurityGate gate;
    private final ContainerService containers;

    public SecuredOperations(SecurityGate gate, ContainerService containers) {
        this.gate = gate;
        this.containers = containers;
    }

    /** create and run: the image is the one asked for. */
    public void check(Map<String, String> caller, String operation, NewContainer c) throws ContainerFailure {
        if (gate.active()) {
            put(caller, operation, c.id() + " " + c.image());
        }
    }

    /** An operation on an existing container; one that is not there fails as the operation would. */
    public void check(Map<String, String> caller, String operation, Target t) throws ContainerFailure {
        if (gate.active()) {
            put(caller, operation, t.id() + " " + containers.info(t).info().image());
        }
    }

    private void put(Map<String, String> caller, String operation, String resource) throws ContainerFailure {
        try {
            gate.check(caller, "container." + operation, resource);
        } catch (SecurityGate.Refused r) {
            throw new ContainerFailure(REFUSED, resource.split(" ")[0] + ": " + r.getMessage());
        }
    }
}
