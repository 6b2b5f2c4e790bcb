package nexcage.core.internal.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The first line of a control connection, read within the limits: a line longer than the cap or
 * not finished before the deadline is refused. What came after the newline (the first input of a
 * shell) is kept in {@link #rest}.
 */
record RequestLine(byte[] bytes, byte[] rest) {
    private static final int CHUNK = 8192;

    /**
     * Reads the line. The deadline shuts the channel's input down, which ends a blocked read at
     * once (and leaves the output open for the refusal); a client that hangs up without a byte
     * gives null.
     */
    static RequestLine read(SocketChannel ch, ControlLimits limits, ScheduledExecutorService timer)
            throws IOException, RequestRefused {
        // set once, by whichever comes first: the end of the line or the deadline
        AtomicBoolean decided = new AtomicBoolean();
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            if (decided.compareAndSet(false, true)) {
                try {
                    ch.shutdownInput();
                } catch (IOException closed) {
                    // the connection is gone already: nothing left to end
                }
            }
        }, limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        try {
            while (ch.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    byte b = buf.get();
                    if (b == '\n') {
                        if (!decided.compareAndSet(false, true)) {
                            throw timedOut(limits);
                        }
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
            deadline.cancel(false);
        }
        if (!decided.compareAndSet(false, true)) {
            throw timedOut(limits);
        }
        // a client that closes its end after a last line without a newline still gets an answer
        return line.size() == 0 ? null : new RequestLine(line.toByteArray(), new byte[0]);
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
