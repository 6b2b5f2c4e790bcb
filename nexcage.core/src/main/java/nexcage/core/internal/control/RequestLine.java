package nexcage.core.internal.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The first line of a control connection, read within the limits: a line longer than the cap or
 * not finished before the deadline is refused. What came after the newline (the first input of a
 * shell) is kept in {@link #rest}.
 */
record RequestLine(byte[] bytes, byte[] rest) {
    private static final int CHUNK = 8192;

    /** Opens the selector that waits for a line not there yet (a test counts the openings). */
    interface Waiter {
        Selector open() throws IOException;
    }

    /** As {@link #read(SocketChannel, ControlLimits, Waiter)} with the platform's selector. */
    static RequestLine read(SocketChannel ch, ControlLimits limits) throws IOException, RequestRefused {
        return read(ch, limits, Selector::open);
    }

    /**
     * Reads the line without blocking: the nexcage client writes it as soon as it is connected,
     * so it is usually there whole at the first read and costs no timer and no other thread. Only
     * when it is not, a selector waits for more, at most until the deadline; a client that hangs
     * up without a byte gives null. The channel is left blocking, as its later readers need.
     */
    static RequestLine read(SocketChannel ch, ControlLimits limits, Waiter waiter) throws IOException, RequestRefused {
        long deadline = System.nanoTime() + limits.requestTimeout().toNanos();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        Selector selector = null;
        ch.configureBlocking(false);
        try {
            int n;
            while ((n = ch.read(buf)) >= 0) {
                if (n == 0) {
                    if (selector == null) {
                        selector = waiter.open();
                        ch.register(selector, SelectionKey.OP_READ);
                    }
                    awaitInput(selector, deadline, limits);
                    continue;
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    byte b = buf.get();
                    if (b == '\n') {
                        return new RequestLine(line.toByteArray(), Arrays.copyOfRange(buf.array(), buf.position(), buf.limit()));
                    }
                    if (line.size() >= limits.maxRequestBytes()) {
                        throw new RequestRefused("the request is longer than the daemon's limit of " + limits.maxRequestBytes()
                                + " bytes; pass long inputs in a file instead of on the command line", RequestRefused.BAD_REQUEST);
                    }
                    line.write(b);
                }
                buf.clear();
            }
        } finally {
            // closing the selector deregisters the channel, which may then block again
            if (selector != null) {
                selector.close();
            }
            if (ch.isOpen()) {
                ch.configureBlocking(true);
            }
        }
        // a client that closes its end after a last line without a newline still gets an answer
        return line.size() == 0 ? null : new RequestLine(line.toByteArray(), new byte[0]);
    }

    /** Waits until the channel has input (or was closed by the client), refusing once the deadline has passed. */
    private static void awaitInput(Selector selector, long deadline, ControlLimits limits) throws IOException, RequestRefused {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timedOut(limits);
        }
        selector.selectedKeys().clear();
        // select(0) would wait for ever: round up to a whole millisecond
        selector.select(Math.max(1, (left + 999_999) / 1_000_000));
    }

    private static RequestRefused timedOut(ControlLimits limits) {
        return new RequestRefused("no complete request line arrived within " + seconds(limits)
                + " of connecting, so the daemon hung up; use the nexcage client, which sends it at once",
                RequestRefused.BAD_REQUEST);
    }

    private static String seconds(ControlLimits limits) {
        long ms = limits.requestTimeout().toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
