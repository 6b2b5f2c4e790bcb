package nexcage.core.internal.containers;

import java.util.Map;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.hooks.HookNames;
import nexcage.core.internal.containers.BackendChoice.Chosen;
import nexcage.core.internal.containers.ContainerService.NewContainer;
import nexcage.core.internal.daemon.DaemonLog;

/**
 * The operations that change a container, each between its {@code container.pre_*} hook (a veto
 * stops it, with {@code failStatus}) and its {@code container.post_*} hook (DESIGN §6).
 */
final class HookedOperations {
    private final ContainerHooks hooks;
    private final BackendCalls calls;
    private final LabelPolicy labels;
    private final DaemonLog log;

    HookedOperations(ContainerHooks hooks, BackendCalls calls, LabelPolicy labels, DaemonLog log) {
        this.hooks = hooks;
        this.calls = calls;
        this.labels = labels;
        this.log = log;
    }

    /** Creates the container with NexCage's labels; {@code --rm} is the engine's auto-remove, so it holds if the daemon stops. */
    ContainerInfo create(NewContainer c, Chosen on, int failStatus) throws ContainerFailure {
        String command = String.join(" ", c.command());
        hooks.pre(HookNames.CONTAINER_PRE_CREATE, failStatus, "container_id", c.id(), "backend", on.name(), "image", c.image(),
                "command", command);
        Map<String, String> l = labels.labels(c.id(), on.name());
        ContainerInfo created = calls.call(on, "create", "create " + c.id(), failStatus,
                b -> b.create(new ContainerSpec(c.id(), c.image(), c.command(), l, c.autoRemove(), c.network())));
        hooks.post(HookNames.CONTAINER_POST_CREATE, "container_id", c.id(), "backend", on.name(), "image", c.image(),
                "command", command, "engine_id", created.engineId());
        return created;
    }

    /** Asks {@code container.pre_start}; {@code image} is told to the hooks when known (null otherwise). */
    void preStart(String id, Chosen on, String image, int failStatus) throws ContainerFailure {
        hooks.pre(HookNames.CONTAINER_PRE_START, failStatus, "container_id", id, "backend", on.name(), "image", image);
    }

    /**
     * Asks {@code container.pre_start} for the container a {@code run} has just created; a {@code
     * run --rm} whose start is vetoed is removed here, as the engine's auto-remove acts on an exit only.
     */
    void preStartOfRun(NewContainer c, Chosen on) throws ContainerFailure {
        try {
            preStart(c.id(), on, c.image(), BackendCalls.ENGINE_ERROR);
        } catch (ContainerFailure vetoed) {
            if (c.autoRemove()) {
                String kept = removeNeverStarted(c.id(), on);
                if (!kept.isEmpty()) {
                    log.info("containers", "run --rm " + c.id() + " was vetoed before its start" + kept);
                }
            }
            throw vetoed;
        }
    }

    /** Removes the never-started container of a {@code run --rm}, hooks included; returns "" or why it was kept, for the log. */
    String removeNeverStarted(String id, Chosen on) {
        try {
            delete(id, on, true, BackendCalls.ENGINE_ERROR);
            return "";
        } catch (ContainerFailure e) {
            return "; it was kept: " + e.getMessage();
        }
    }

    void postStart(String id, Chosen on, String image) {
        hooks.post(HookNames.CONTAINER_POST_START, "container_id", id, "backend", on.name(), "image", image);
    }

    void start(String id, Chosen on, String image, int failStatus) throws ContainerFailure {
        preStart(id, on, image, failStatus);
        calls.call(on, "start", "start " + id, failStatus, b -> {
            b.start(id);
            return null;
        });
        postStart(id, on, image);
    }

    void stop(String id, Chosen on, int seconds, int failStatus) throws ContainerFailure {
        hooks.pre(HookNames.CONTAINER_PRE_STOP, failStatus, "container_id", id, "backend", on.name(), "timeout",
                Integer.toString(seconds));
        calls.call(on, "stop", "stop " + id, failStatus, b -> {
            try {
                b.stop(id, seconds);
            } catch (BackendException e) {
                // as with docker stop, stopping a container that is already stopped succeeds
                if (e.reason() != BackendException.Reason.NOT_RUNNING) {
                    throw e;
                }
            }
            return null;
        });
        hooks.post(HookNames.CONTAINER_POST_STOP, "container_id", id, "backend", on.name());
    }

    /** What {@code kill -s SIG} does, and a signal passed on to an attached run's container. */
    void signal(String id, Chosen on, String signal, int failStatus) throws ContainerFailure {
        hooks.pre(HookNames.CONTAINER_PRE_STOP, failStatus, "container_id", id, "backend", on.name(), "signal", signal);
        calls.call(on, "kill", "signal " + id, failStatus, b -> {
            b.kill(id, signal);
            return null;
        });
        hooks.post(HookNames.CONTAINER_POST_STOP, "container_id", id, "backend", on.name(), "signal", signal);
    }

    void delete(String id, Chosen on, boolean force, int failStatus) throws ContainerFailure {
        hooks.pre(HookNames.CONTAINER_PRE_DELETE, failStatus, "container_id", id, "backend", on.name());
        calls.call(on, "delete", "delete " + id, failStatus, b -> {
            b.delete(id, force);
            return null;
        });
        hooks.post(HookNames.CONTAINER_POST_DELETE, "container_id", id, "backend", on.name());
    }

    /** An attached run's container has exited ({@code removed}: the engine's auto-remove took it). */
    void exited(String id, Chosen on, int exitCode, boolean removed) {
        hooks.post(HookNames.CONTAINER_POST_STOP, "container_id", id, "backend", on.name(), "exit_code", Integer.toString(exitCode));
        if (removed) {
            hooks.post(HookNames.CONTAINER_POST_DELETE, "container_id", id, "backend", on.name());
        }
    }
}
