package nexcage.core.internal.containers;

import static nexcage.core.internal.containers.BackendCalls.ENGINE_ERROR;
import static nexcage.core.internal.containers.ClientStreams.streaming;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.ContainerStatus;
import nexcage.core.internal.command.ClientSignals;
import nexcage.core.internal.containers.BackendChoice.Chosen;
import nexcage.core.internal.containers.ContainerService.Client;
import nexcage.core.internal.containers.ContainerService.NewContainer;
import nexcage.core.internal.daemon.DaemonLog;

/**
 * One attached {@code run}: create, start, copy the output to the client until the container
 * exits, and meanwhile pass the client's signals on to it as {@code docker run} does without a
 * TTY (DESIGN §8). A signal that comes before the container runs is held until it does.
 */
final class AttachedRun {
    /** Stands for an attached run without {@code --rm} whose client went away: no exit code is negative. */
    private static final int CLIENT_LEFT = -1;
    /** The status of a run whose client went away (Ctrl-C), as a shell shows a process ended by SIGINT. */
    private static final int CLIENT_GONE_STATUS = 128 + 2;

    private final HookedOperations ops;
    private final BackendCalls calls;
    private final Backends backends;
    private final DaemonLog log;
    private final NewContainer c;
    private final Chosen on;
    private final Client client;
    private final CompletableFuture<ContainerStatus> over = new CompletableFuture<>();

    AttachedRun(HookedOperations ops, BackendCalls calls, Backends backends, DaemonLog log, NewContainer c, Chosen on, Client client) {
        this.ops = ops;
        this.calls = calls;
        this.backends = backends;
        this.log = log;
        this.c = c;
        this.on = on;
        this.client = client;
    }

    int run() throws ContainerFailure {
        String id = c.id();
        ClientSignals.Forwarding forwarding = client.signals().forward("stopped waiting for " + id
                + "; if it runs, follow it with 'nexcage logs -f " + id + "' or stop it with 'nexcage stop " + id + "'", this::passOn);
        try {
            ops.create(c, on, ENGINE_ERROR);
            ops.preStartOfRun(c, on);
            if (client.signals().hungUp()) {
                return notStarted();
            }
            int exit = attach();
            if (exit == CLIENT_LEFT) {
                log.info("containers", "run " + id + ": the client went away, so the daemon stopped waiting; the container"
                        + " goes on running ('nexcage logs -f " + id + "' follows it)");
                return CLIENT_GONE_STATUS;
            }
            // with --rm the backend returned once the engine had removed it
            ops.exited(id, on, exit, c.autoRemove());
            return exit;
        } finally {
            // in this order: a signal held until the container runs stops waiting before the forwarding ends
            over.complete(ContainerStatus.STOPPED);
            forwarding.close();
        }
    }

    /**
     * Starts the container and copies its output. With {@code --rm} the daemon still waits for
     * the exit once the client has gone, so that post_stop and post_delete fire; without it,
     * nothing is left to do for a client that has gone.
     */
    private int attach() throws ContainerFailure {
        String id = c.id();
        Runnable started = () -> ops.postStart(id, on, c.image());
        try {
            return calls.call(on, "start_attached", "run " + id, ENGINE_ERROR, b -> c.autoRemove()
                    ? b.startAttached(id, streaming(client.out()), streaming(client.err()), started)
                    : ClientStreams.untilHangUp(client.signals(), CLIENT_LEFT,
                            () -> b.startAttached(id, streaming(client.out()), streaming(client.err()), started)));
        } finally {
            client.out().flush();
        }
    }

    /**
     * The client went away (Ctrl-C, a closed terminal) before the container started: nobody
     * would see its output, so it is not started; with {@code --rm} it is removed.
     */
    private int notStarted() {
        String kept = c.autoRemove() ? ops.removeNeverStarted(c.id(), on) : "";
        log.info("containers", "run " + c.id() + ": the client went away before the start, so the container was not started"
                + (c.autoRemove() && kept.isEmpty() ? " and was removed" : kept));
        return CLIENT_GONE_STATUS;
    }

    /**
     * A signal of the client, passed on to the container as {@code kill -s SIG} would (hooks
     * included), once the container runs: a Ctrl-C typed just after {@code nexcage run} means to
     * stop what is about to run. One that has ended, or never ran, gets nothing, as with docker run.
     * Runs on the client's signal thread, so nothing may escape it.
     */
    private void passOn(String sig) {
        String id = c.id();
        try {
            if (awaitRunning()) {
                ops.signal(id, on, sig, 1);
            }
        } catch (ContainerFailure f) {
            if (f.getCause() == null) {
                client.err().println("nexcage run: SIG" + sig + " was not passed on to " + id + ": " + f.getMessage()); // a veto
            } else if (!(f.getCause() instanceof BackendException e && e.reason() == BackendException.Reason.NOT_RUNNING)) {
                client.err().println("nexcage run: SIG" + sig + " could not be passed on to " + id + ": " + f.getMessage());
            } // not running any more: it has just ended, as with docker run
        } catch (RuntimeException e) {
            log.error("containers", "SIG" + sig + " of the client of 'nexcage run " + id + "' could not be passed on", e);
        }
    }

    /**
     * True once the container runs. A container that is still to be created or started is waited
     * for through the engine's own start event (at most 30 s); false if it has ended or the run is
     * over first.
     */
    private boolean awaitRunning() {
        // listen first, then look: a start between the two is still heard
        CompletableFuture<ContainerStatus> next = backends.nextStatus(on.name(), c.id());
        try {
            ContainerStatus now;
            try {
                now = on.backend().info(c.id()).status();
            } catch (BackendException e) {
                if (e.reason() != BackendException.Reason.NO_SUCH_CONTAINER) {
                    return false;
                }
                now = ContainerStatus.CREATED; // pre_create hooks or the create still run: its start is to come
            }
            if (now == ContainerStatus.CREATED) {
                now = (ContainerStatus) CompletableFuture.anyOf(next, over).get(30, TimeUnit.SECONDS);
            }
            return now == ContainerStatus.RUNNING || now == ContainerStatus.PAUSED;
        } catch (ExecutionException | TimeoutException neverStarted) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            next.cancel(false);
        }
    }
}
