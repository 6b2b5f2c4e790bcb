package nexcage.core.internal.control;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.io.SequenceInputStream;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import nexcage.core.internal.daemon.DaemonLog;

/**
 * Accepts the control socket's connections and holds them to the {@link ControlLimits} and the
 * {@link PeerCheck}; each request that passes goes to the {@link Handler} on the thread of the
 * given pool that accepted it, while another thread of the pool takes over the accepting. A
 * connection over the cap is refused by the accepting thread itself, without blocking, so no flood
 * of connections ever costs a thread each: at most the cap and the one accepting.
 */
final class ControlListener implements AutoCloseable {

    /**
     * Serves one request that passed every check; {@code in} continues after the request line;
     * {@code caller} is who sent it ({@link PeerCheck#credentials}).
     */
    interface Handler {
        void serve(SocketChannel ch, Frames frames, ControlRequest request, InputStream in, Map<String, String> caller)
                throws IOException;
    }

    private final ServerSocketChannel server;
    private final PeerCheck peers;
    private final ControlLimits limits;
    private final ExecutorService clients;
    private final Handler handler;
    private final DaemonLog log;
    private final Semaphore slots;
    private final AtomicBoolean fullReported = new AtomicBoolean();

    ControlListener(ServerSocketChannel server, PeerCheck peers, ControlLimits limits, ExecutorService clients, Handler handler,
            DaemonLog log) {
        this.server = server;
        this.peers = peers;
        this.limits = limits;
        this.clients = clients;
        this.handler = handler;
        this.log = log;
        this.slots = new Semaphore(limits.maxConnections());
    }

    /** Starts accepting on a thread of the pool. */
    void start() {
        clients.execute(this::lead);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /**
     * Accepts until a connection is to be served, then hands the accepting on to another thread of
     * the pool and serves it on this one (leader and followers): the connection's request is read
     * by the very thread the kernel woke for it, and the wake-up of the next acceptor is off the
     * command's path. A connection over the cap is refused here and the accepting goes on.
     */
    private void lead() {
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("control", "accept failed: " + e.getMessage());
                backOff();
                continue;
            }
            if (!slots.tryAcquire()) {
                refuseBusy(ch);
                continue;
            }
            fullReported.set(false);
            try {
                clients.execute(this::lead);
            } catch (RejectedExecutionException stopping) {
                slots.release();
                closeQuietly(ch);
                return;
            }
            try {
                serve(ch);
            } finally {
                slots.release();
            }
            return;
        }
    }

    /** Out of descriptors, accept fails at once; a pause keeps the loop from spinning and flooding the log. */
    private static void backOff() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On the accepting thread: a write that would block is dropped (a fresh socket's buffer takes it). */
    private void refuseBusy(SocketChannel ch) {
        String sentence = "the daemon is already serving " + limits.maxConnections() + " connections, its limit; try again when "
                + "some have finished, or raise the limit with -D" + ControlLimits.MAX_CONNECTIONS_PROPERTY
                + "=N in NEXCAGE_JAVA_OPTS when you start the daemon";
        try (ch) {
            ch.configureBlocking(false);
            ch.write(ByteBuffer.wrap(Frames.refusal(sentence, RequestRefused.NOT_SERVED)));
        } catch (IOException e) {
            // the client went away already
        }
        if (fullReported.compareAndSet(false, true)) {
            log.warn("control", "refusing connections: " + limits.maxConnections() + " are being served, the limit ("
                    + ControlLimits.MAX_CONNECTIONS_PROPERTY + ")");
        }
    }

    private void serve(SocketChannel ch) {
        Frames frames = new Frames(Channels.newOutputStream(ch));
        try (ch) {
            serve(ch, frames);
        } catch (SocketException | ClosedChannelException e) {
            log.debug("control", "client went away: " + e.getMessage());
        } catch (IOException e) {
            if (frames.clientGone()) {
                log.debug("control", "client went away: " + e.getMessage());
            } else {
                log.warn("control", "serving a client failed: " + e.getMessage());
            }
        }
    }

    private void serve(SocketChannel ch, Frames frames) throws IOException {
        try {
            ControlRequest request;
            RequestLine line;
            Map<String, String> caller;
            try {
                caller = checkPeer(ch);
                line = RequestLine.read(ch, limits);
                if (line == null) {
                    return;
                }
                request = ControlRequest.parse(line.bytes());
            } catch (RequestRefused r) {
                frames.refuse(r.getMessage(), r.status());
                return;
            }
            InputStream in = new SequenceInputStream(new ByteArrayInputStream(line.rest()), Channels.newInputStream(ch));
            handler.serve(ch, frames, request, in, caller);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            // a defect of the daemon, or of a plugin built against other classes than it runs with
            // (NoClassDefFoundError): the client gets a sentence and the log the stack trace
            log.error("control", "internal error serving a client: " + e, e);
            frames.refuse("internal error in the daemon (" + e.getClass().getSimpleName() + "); see its log in the state directory", 1);
        }
    }

    /** The caller's credentials, or the refusal of a user the socket does not serve. */
    private Map<String, String> checkPeer(SocketChannel ch) throws RequestRefused {
        String refusal;
        UserPrincipal peer = null;
        try {
            peer = PeerCheck.peer(ch);
            refusal = peers.refusal(peer);
        } catch (IOException e) {
            refusal = peers.unknownPeer(e);
        }
        if (refusal != null) {
            log.warn("control", "refused a connection from " + (peer == null ? "an unknown user" : PeerCheck.describe(peer)));
            throw new RequestRefused(refusal, RequestRefused.NOT_SERVED);
        }
        return peers.credentials(peer);
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
