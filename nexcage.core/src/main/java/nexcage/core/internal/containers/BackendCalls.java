package nexcage.core.internal.containers;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginCall;
import nexcage.api.backend.BackendException;
import nexcage.api.backend.ContainerBackend;
import nexcage.core.internal.containers.BackendChoice.Chosen;
import nexcage.core.internal.daemon.DaemonLog;

/**
 * Calls a backend and turns what it throws into a {@link ContainerFailure}: its own sentence with
 * the operation's exit status, where Docker's 125 becomes 127 for a command that is not in the
 * image and 126 for one that cannot be run (DESIGN §8); a bug in the backend is logged with its
 * stack trace and told as one sentence.
 *
 * <p>Each call is counted by the accounting as {@code backend:OP} of the plugin that provides the
 * backend, measured on the calling thread (which runs the backend's code). It is an error of the
 * plugin when it throws a bug or says the engine failed ({@code ENGINE_UNAVAILABLE}, {@code OTHER});
 * a refusal about the container itself (no such container, name in use, not running...) is its
 * answer. A streaming call ({@code logs -f}, an attached run, exec) counts its whole duration.
 * Its duration also goes into the backends' {@link OperationTimes}, for the latency histograms.
 */
final class BackendCalls {
    /** Docker's own status for a failure of the engine or of NexCage around a container's process. */
    static final int ENGINE_ERROR = 125;
    static final int CANNOT_INVOKE = 126;
    static final int COMMAND_NOT_FOUND = 127;

    /** One call to a backend. */
    @FunctionalInterface
    interface Call<T> {
        T run(ContainerBackend b) throws BackendException;
    }

    private final Backends backends;
    private final DaemonLog log;
    private final PluginAccounting accounting;

    BackendCalls(Backends backends, DaemonLog log, PluginAccounting accounting) {
        this.backends = backends;
        this.log = log;
        this.accounting = accounting;
    }

    /**
     * Runs {@code call} on the chosen backend; {@code op} is the {@code ContainerBackend} method it
     * calls, e.g. {@code start}, as the accounting names it; {@code what} says what it does, e.g.
     * {@code "start web1"}, for a bug's sentence.
     */
    <T> T call(Chosen on, String op, String what, int failStatus, Call<T> call) throws ContainerFailure {
        String plugin = backends.plugin(on.name()).orElse(null);
        PluginCall measured = plugin == null ? PluginCall.NONE : accounting.begin(plugin, PluginAccounting.BACKEND + op);
        long start = System.nanoTime();
        boolean failed = true;
        try {
            T result = call.run(on.backend());
            failed = false;
            return result;
        } catch (BackendException e) {
            failed = e.reason() == BackendException.Reason.ENGINE_UNAVAILABLE || e.reason() == BackendException.Reason.OTHER;
            throw failed(e, failStatus, on.name());
        } catch (RuntimeException | LinkageError bug) {
            // a LinkageError: the plugin's bundle lacks a class it was compiled against, a defect as much as a bug
            log.error("containers", "backend " + on.name() + " failed to " + what, bug);
            throw new ContainerFailure(failStatus, "backend " + on.name() + " failed to " + what + " (" + bug
                    + "); the daemon log has its stack trace: report it to the author of the plugin that provides it", bug);
        } finally {
            backends.times().record(on.name(), op, System.nanoTime() - start);
            measured.end(failed);
        }
    }

    /** The failure the user sees for {@code e}; an engine that does not answer has its health checked now. */
    ContainerFailure failed(BackendException e, int failStatus, String backend) {
        if (e.reason() == BackendException.Reason.ENGINE_UNAVAILABLE) {
            backends.recheck(backend);
        }
        return new ContainerFailure(status(e, failStatus), e.getMessage(), e);
    }

    private static int status(BackendException e, int failStatus) {
        if (failStatus != ENGINE_ERROR) {
            return failStatus;
        }
        return switch (e.reason()) {
            case COMMAND_NOT_FOUND -> COMMAND_NOT_FOUND;
            case COMMAND_NOT_INVOKABLE -> CANNOT_INVOKE;
            default -> ENGINE_ERROR;
        };
    }
}
