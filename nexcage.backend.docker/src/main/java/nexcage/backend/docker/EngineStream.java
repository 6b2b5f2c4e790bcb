package nexcage.backend.docker;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.github.dockerjava.transport.DockerHttpClient.Response;

/**
 * A stream's request (an attach, a wait) on a Unix socket connection of its own, written by the
 * calling thread when asked, its answer's head read later by that same thread within a bound: no
 * pool thread between the caller and the engine, so that an attached run's requests are on their
 * way at once without a hand-off to another thread and back (bench/README.md, issue 20, helper
 * h20attach). The head is read without blocking, with a selector's timeout, so an engine that took
 * the request and never answers ends in a {@link TimeoutException}; the body is then read blocking,
 * for as long as it lasts (output may be silent for hours).
 */
final class EngineStream implements Response {
    /** Far more than any head the engine sends; a longer one is not an engine's. */
    private static final int HEAD_MAX = 16 * 1024;

    private final SocketChannel ch;
    private int status;
    private InputStream body;
    /** While the head is awaited: the selector, which {@link #close()} wakes. */
    private volatile Selector waiting;

    /** The streams not closed yet, which this one leaves when closed. */
    private final Set<EngineStream> open;

    private EngineStream(SocketChannel ch, Set<EngineStream> open) {
        this.ch = ch;
        this.open = open;
        open.add(this);
    }

    /**
     * Connects to the engine's socket and sends {@code POST path} with no body; its answer is
     * {@link #awaitHead(Duration)}'s. The stream is in {@code open} until it is closed.
     */
    static EngineStream post(Path socket, String path, Set<EngineStream> open) {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            ByteBuffer request = ByteBuffer.wrap(("POST " + path + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: nexcage\r\n"
                    + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            while (request.hasRemaining()) {
                ch.write(request);
            }
            return new EngineStream(ch, open);
        } catch (IOException e) {
            Engine.quietly(ch);
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the answer's head, waiting at most {@code bound} for it; then the body is ready to be
     * read. On a timeout or an interrupt the connection is closed.
     */
    EngineStream awaitHead(Duration bound) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        boolean done = false;
        try {
            ByteBuffer head = ByteBuffer.allocate(HEAD_MAX);
            int end = readHead(head, deadline);
            ch.configureBlocking(true); // the selector is closed: the body is read blocking, for as long as it lasts
            parse(head, end);
            done = true;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!done) {
                close();
            }
        }
    }

    /**
     * Reads into {@code head} until its blank line; returns where the blank line ends. A selector is
     * opened only when the head is not there yet: it usually is by the time it is asked for.
     */
    private int readHead(ByteBuffer head, long deadline) throws IOException, TimeoutException, InterruptedException {
        ch.configureBlocking(false);
        Selector selector = null;
        try {
            int end;
            while ((end = headEnd(head)) < 0) {
                if (!head.hasRemaining()) {
                    throw new IOException("the engine's answer has a head over " + HEAD_MAX + " bytes: not an engine's answer");
                }
                int n = ch.read(head);
                if (n < 0) {
                    throw new IOException("the engine closed the connection in the middle of its answer's head");
                }
                if (n > 0) {
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException();
                }
                if (selector == null) {
                    selector = Selector.open();
                    ch.register(selector, SelectionKey.OP_READ);
                    waiting = selector;
                }
                if (!ch.isOpen()) {
                    throw new AsynchronousCloseException(); // closed by another thread (the backend was stopped)
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                selector.selectedKeys().clear();
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return end;
        } finally {
            waiting = null;
            if (selector != null) {
                selector.close();
            }
        }
    }

    /** Where the head's blank line ends in what was read so far, or -1. */
    private static int headEnd(ByteBuffer head) {
        byte[] b = head.array();
        for (int i = 3; i < head.position(); i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private void parse(ByteBuffer head, int end) throws IOException {
        RawHttp.Head h = RawHttp.head(new ByteArrayInputStream(head.array(), 0, end));
        status = h.status();
        // what came after the head with it, then the connection itself
        body = h.body(new BufferedInputStream(new SequenceInputStream(
                new ByteArrayInputStream(head.array(), end, head.position() - end), Channels.newInputStream(ch)), 8192));
    }

    @Override
    public int getStatusCode() {
        return status;
    }

    @Override
    public Map<String, List<String>> getHeaders() {
        return Map.of();
    }

    @Override
    public InputStream getBody() {
        return body;
    }

    /** Closes the connection; a head being awaited on another thread is awaited no more. */
    @Override
    public void close() {
        Engine.quietly(ch);
        open.remove(this);
        Selector s = waiting;
        if (s != null) {
            s.wakeup();
        }
    }
}
