package nexcage.backend.docker;

import static nexcage.backend.docker.EngineCalls.stream;

import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.transport.DockerHttpClient.Response;

import nexcage.api.backend.BackendException;
import nexcage.backend.docker.Failures.Op;

/**
 * An attached start: attach and (for an auto-removed container) ask for the exit, both at once; start;
 * copy the output until it ends, then take the exit code and (auto-removed) await the removal. On
 * Docker's own engine an auto-removed container's exit is its wait for {@code removed}, as {@code
 * docker run --rm} asks it: two streams. Elsewhere (Podman 4 answers that wait with 0 whatever the
 * exit) the exit is a wait for the next exit, and the removal a third stream asked after the start.
 * Remembers the auto-remove flag of the containers just created, so that {@code nexcage run} needs no
 * inspect before its start.
 */
final class AttachedRun {
    /** Containers created here and not yet started attached: their auto-remove flag (bounded, the eldest go first). */
    private final Map<String, Boolean> createdAutoRemove = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 256;
        }
    });

    void created(String id, boolean autoRemove) {
        createdAutoRemove.put(id, autoRemove);
    }

    void forget(String id) {
        createdAutoRemove.remove(id);
    }

    /** Starts container {@code id} attached; returns its exit code (125 if the engine could not tell it). */
    int run(EngineConnection c, String id, OutputStream out, OutputStream err, Runnable started)
            throws BackendException, InterruptedException {
        // a container this backend just created needs no inspect: its name is its reference and its
        // auto-remove flag is known; saves a round trip on every 'nexcage run'
        Boolean known = EngineCalls.HEXISH.matcher(id).matches() ? null : createdAutoRemove.remove(id);
        String ref;
        boolean autoRemove;
        if (known != null) {
            ref = id;
            autoRemove = known;
        } else {
            InspectContainerResponse before = EngineCalls.inspect(c, id);
            ref = before.getId();
            autoRemove = before.getHostConfig() != null && Boolean.TRUE.equals(before.getHostConfig().getAutoRemove());
        }
        EngineHttp http = c.http();
        if (autoRemove && c.docker()) {
            return runToRemoval(http, id, ref, out, err, started);
        }
        // 1. attach, so that no early output is lost, and for an auto-removed container (not on Docker's own engine)
        // a wait for the next exit (one may be gone before its exit could be asked for; Podman 4 answers a wait for
        // "removed" with 0, whatever the exit code was): both asked at once, both in place before the start.
        try (Asked attaching = Asked.ask(http, Op.ATTACH, id, () -> http.askAttach(ref));
                Asked exiting = autoRemove ? Asked.ask(http, Op.WAIT, id, () -> http.askWait(ref, "next-exit")) : null) {
            Response attached = attaching.answer();
            Response exited = exiting == null ? null : exiting.answer();
            // 2. start
            start(http, ref);
            // the wait for the removal is asked only now, while the container runs: it need not be in place before
            // the start (a container removed before it reaches the engine is answered 404, which is what was waited
            // for), and asked with the other two it held the start back by a third stream's head (bench/README.md)
            try (Asked removing = autoRemove ? Asked.ask(http, Op.WAIT, id, () -> http.askWait(ref, "removed")) : null) {
                started.run();
                return outputAndExit(c, http, id, ref, attached, exited, removing, out, err);
            }
        }
    }

    /**
     * An auto-removed container on Docker's own engine, whose wait for {@code removed} answers the exit code (as
     * {@code docker run --rm} reads it; bench/README.md, issue 20): attach and that wait, asked at once and both in
     * place before the start, since once started a short container may be gone before a wait asked then reaches the
     * engine, which answers that with 404 and no exit code. Returns once the removal was answered.
     */
    private static int runToRemoval(EngineHttp http, String id, String ref, OutputStream out, OutputStream err, Runnable started)
            throws BackendException, InterruptedException {
        try (Asked attaching = Asked.ask(http, Op.ATTACH, id, () -> http.askAttach(ref));
                Asked removing = Asked.ask(http, Op.WAIT, id, () -> http.askWait(ref, "removed"))) {
            Response attached = attaching.answer();
            Response removed = removing.answer();
            start(http, ref);
            started.run();
            copyOutput(id, attached, out, err);
            Integer code = http.exitCode(removed); // its answer comes with the removal: the name is free once the run returns
            return code == null ? 125 : code;
        }
    }

    private static void start(EngineHttp http, String ref) {
        try {
            http.start(ref);
        } catch (NotModifiedException alreadyRunning) {
            // attached to a running container: follow it to its end
        }
    }

    private static void copyOutput(String id, Response attached, OutputStream out, OutputStream err) throws BackendException {
        if (EngineHttp.copyFrames(attached.getBody(), out, err) != null) {
            throw new BackendException(BackendException.Reason.OTHER, "the reader of container " + id
                    + "'s output went away; the container keeps running (nexcage logs -f " + id + " follows it)");
        }
    }

    /** 3. copies until the output ends, then takes the exit code and (auto-removed) waits for the removal. */
    private static int outputAndExit(EngineConnection c, EngineHttp http, String id, String ref, Response attached, Response exited,
            Asked removing, OutputStream out, OutputStream err) throws BackendException, InterruptedException {
        copyOutput(id, attached, out, err);
        Integer code = exited != null ? http.exitCode(exited) : exitAfterOutput(http, id, ref);
        if (removing != null) {
            awaitRemoved(http, removing); // as with docker run --rm: the name is free once the run returns
        }
        if (code == null) {
            code = inspectedExitCode(c, ref);
        }
        return code == null ? 125 : code;
    }

    /** The output has ended, so the container has exited or is about to: "not running" is its exit. */
    private static Integer exitAfterOutput(EngineHttp http, String id, String ref) throws BackendException, InterruptedException {
        try (Response waited = stream(http, Op.WAIT, id, () -> http.waitFor(ref, "not-running"))) {
            return http.exitCode(waited);
        } catch (NotFoundException removedMeanwhile) {
            // removed by someone else (docker rm -f) since it started: its exit code went with it
            return null;
        }
    }

    /** Returns once the engine has removed an auto-removed container that has exited. */
    private static void awaitRemoved(EngineHttp http, Asked removing) throws BackendException, InterruptedException {
        try {
            http.exitCode(removing.answer()); // reads the answer, which comes with the removal
        } catch (NotFoundException alreadyGone) {
            // removed before the question reached the engine: what was waited for
        }
    }

    private static Integer inspectedExitCode(EngineConnection c, String ref) {
        try {
            InspectContainerResponse r = c.api().inspectContainerCmd(ref).exec();
            return r.getState() == null || r.getState().getExitCodeLong() == null ? null : r.getState().getExitCodeLong().intValue();
        } catch (RuntimeException gone) {
            return null;
        }
    }

    /**
     * A stream's request sent at once, its answer awaited later ({@link #answer()}, bounded as every
     * stream's head is); closing it closes the answer, also one that comes only after the close.
     */
    private static final class Asked implements AutoCloseable {
        private final EngineHttp http;
        private final Op op;
        private final String id;
        private final EngineHttp.Pending pending;

        private Asked(EngineHttp http, Op op, String id, EngineHttp.Pending pending) {
            this.http = http;
            this.op = op;
            this.id = id;
            this.pending = pending;
        }

        static Asked ask(EngineHttp http, Op op, String id, Supplier<EngineHttp.Pending> request) throws BackendException {
            try {
                return new Asked(http, op, id, request.get());
            } catch (RejectedExecutionException closedMeanwhile) {
                throw new BackendException(BackendException.Reason.ENGINE_UNAVAILABLE, Engine.STOPPED);
            }
        }

        Response answer() throws BackendException, InterruptedException {
            return stream(http, op, id, pending::answer);
        }

        @Override
        public void close() {
            pending.close();
        }
    }
}
