package nexcage.backend.docker;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.transport.DockerHttpClient.Response;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendHealth;
import nexcage.backend.docker.Failures.Op;

/**
 * How every backend operation reaches the engine: on the current connection, with its failure
 * mapped to one sentence, and repeated once on a fresh connection after an engine restart when
 * that is safe; and how a container is named to the engine.
 */
final class EngineCalls {
    /** Docker resolves a reference by full id, then name, then id prefix: a hex-only name needs a check. */
    static final Pattern HEXISH = Pattern.compile("[0-9a-f]{1,64}");

    private EngineCalls() {
    }

    @FunctionalInterface
    interface EngineCall<T> {
        T run(EngineConnection c) throws BackendException, InterruptedException;
    }

    @FunctionalInterface
    interface StreamRequest {
        Response open() throws TimeoutException, InterruptedException;
    }

    /**
     * Runs {@code body} on the current connection and maps its failure. A transport failure
     * (the socket refused, the connection broke) re-checks the engine: when it does not answer,
     * the call fails with {@code ENGINE_UNAVAILABLE} naming the socket and how to start it;
     * when it answers again (it restarted) a call that may be repeated is repeated once on a
     * fresh connection.
     */
    static <T> T call(Engine e, Op op, String id, String image, boolean repeatable, EngineCall<T> body) throws BackendException {
        EngineConnection c = e.connection();
        try {
            return body.run(c);
        } catch (EngineConnection.Dropped nothingSent) {
            // another thread (a failed health check) dropped the connection before this call made its clients
            return again(e, op, id, image, body);
        } catch (InterruptedException ie) {
            throw Failures.interrupted(op, id);
        } catch (RuntimeException failure) {
            if (Thread.currentThread().isInterrupted()) {
                // the caller stopped the call (Ctrl-C closed the socket it read): the engine is not to
                // blame, and a health check on this interrupted thread would fail and drop the
                // connection that other runs share
                throw Failures.interrupted(op, id);
            }
            // the engine went away (or another thread dropped this connection because it did)?
            boolean dropped = e.peek() != c;
            BackendException answered = engineFailure(e, c, op, id, image, failure);
            if (answered != null) {
                throw answered;
            }
            if (!Engine.isTransportFailure(failure) && !dropped) {
                throw Failures.unexpected(op, id, failure);
            }
            if (!repeatable) {
                throw new BackendException(BackendException.Reason.OTHER, "the connection to the Docker engine at " + e.where()
                        + " broke while trying to " + op.verb + (id == null ? "" : " " + id) + " (" + Failures.rootMessage(failure)
                        + "); the engine answers again, so try once more", failure);
            }
            e.drop(c); // stale pooled sockets after an engine restart: start afresh
            return again(e, op, id, image, body);
        }
    }

    private static <T> T again(Engine e, Op op, String id, String image, EngineCall<T> body) throws BackendException {
        EngineConnection again = e.connection();
        try {
            return body.run(again);
        } catch (EngineConnection.Dropped twice) {
            throw new BackendException(BackendException.Reason.OTHER, "the connection to the Docker engine at " + e.where()
                    + " was dropped twice before the call to " + op.verb + (id == null ? "" : " " + id)
                    + " could be sent; check the engine with 'nexcage backend list' and try again", twice);
        } catch (InterruptedException ie) {
            throw Failures.interrupted(op, id);
        } catch (RuntimeException second) {
            if (Thread.currentThread().isInterrupted()) {
                throw Failures.interrupted(op, id);
            }
            BackendException answered = engineFailure(e, again, op, id, image, second);
            throw answered != null ? answered : Failures.unexpected(op, id, second);
        }
    }

    /** What a call's failure means: the engine's own answer, mapped, or the engine found down; null while it answers. */
    private static BackendException engineFailure(Engine e, EngineConnection c, Op op, String id, String image,
            RuntimeException failure) {
        DockerException de = Failures.find(failure, DockerException.class);
        if (de != null) {
            return Failures.map(op, id, image, de);
        }
        BackendHealth h = e.recheck(c);
        return h.state() != BackendHealth.State.HEALTHY ? e.unavailable(h) : null;
    }

    /**
     * Opens a stream (EngineHttp bounds the wait for its head); an engine that took the request and
     * never answered becomes one sentence.
     */
    static Response stream(EngineHttp http, Op op, String id, StreamRequest request) throws BackendException, InterruptedException {
        try {
            return request.open();
        } catch (TimeoutException hung) {
            throw new BackendException(BackendException.Reason.OTHER, "the Docker engine did not answer within "
                    + http.answerTimeout().toSeconds() + " s when asked to " + op.verb + " " + id
                    + "; check its health (nexcage backend list) and restart it if it hangs");
        } catch (RejectedExecutionException closedMeanwhile) {
            throw new BackendException(BackendException.Reason.ENGINE_UNAVAILABLE, Engine.STOPPED);
        }
    }

    /** Inspects the container named {@code id} (exactly that name, not an id prefix). */
    static InspectContainerResponse inspect(EngineConnection c, String id) throws BackendException {
        InspectContainerResponse r = c.api().inspectContainerCmd(id).exec();
        String name = r.getName() == null ? "" : r.getName();
        if (!name.equals("/" + id) && !name.equals(id)) {
            throw new BackendException(BackendException.Reason.NO_SUCH_CONTAINER, "there is no container " + id
                    + " on this engine; nexcage list --all shows the containers there");
        }
        return r;
    }

    /** What to hand the engine for {@code id}: the name, or for a hex-only name the engine id it belongs to. */
    static String ref(EngineConnection c, String id) throws BackendException {
        if (id == null || id.isEmpty()) {
            throw new BackendException(BackendException.Reason.NO_SUCH_CONTAINER, "no container id was given");
        }
        return HEXISH.matcher(id).matches() ? inspect(c, id).getId() : id;
    }
}
