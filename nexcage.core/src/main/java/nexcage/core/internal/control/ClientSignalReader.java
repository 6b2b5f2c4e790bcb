package nexcage.core.internal.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import nexcage.core.internal.command.ClientSignals;
import nexcage.core.internal.daemon.DaemonLog;

/**
 * What the client of one control connection says after its request: once a command asks, the
 * daemon sends a {@code s} frame (payload: the sentence for a user who leaves anyway) and the
 * client writes each signal it receives as a line ({@code INT\n}); the end of the stream is the
 * client hanging up. The lines are read on a thread of their own, started only for commands that
 * ask, straight from the channel: on Java 17 a blocking read through
 * {@code Channels.newInputStream} holds the lock that the answer's writes need.
 */
final class ClientSignalReader implements ClientSignals {
    private static final int MAX_NAME = 16;

    private final SocketChannel channel;
    private final Frames frames;
    private final Executor executor;
    private final DaemonLog log;
    private volatile Consumer<String> handler;
    private Runnable hangUp; // guarded by this
    private volatile boolean closedByClient;
    private boolean reading; // guarded by this

    ClientSignalReader(SocketChannel channel, Frames frames, Executor executor, DaemonLog log) {
        this.channel = channel;
        this.frames = frames;
        this.executor = executor;
        this.log = log;
    }

    @Override
    public Forwarding forward(String farewell, Consumer<String> h) {
        byte[] b = farewell.getBytes(StandardCharsets.UTF_8);
        try {
            frames.write(Frames.SIGNALS, b, 0, b.length);
        } catch (IOException clientGone) {
            return () -> { };
        }
        handler = h;
        if (!startReading()) {
            handler = null;
            return () -> { };
        }
        return () -> {
            if (handler == h) {
                handler = null;
            }
        };
    }

    @Override
    public synchronized Forwarding onHangUp(Runnable action) {
        hangUp = action;
        if (!startReading()) {
            hangUp = null;
            return () -> { };
        }
        return () -> {
            synchronized (this) {
                if (hangUp == action) {
                    hangUp = null;
                }
            }
        };
    }

    private synchronized boolean startReading() {
        if (!reading) {
            try {
                executor.execute(this::readLines);
            } catch (RejectedExecutionException stopping) {
                return false;
            }
            reading = true;
        }
        return true;
    }

    private void readLines() {
        ByteBuffer buf = ByteBuffer.allocate(256);
        StringBuilder line = new StringBuilder();
        try {
            while (channel.read(buf) > 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    char c = (char) buf.get();
                    if (c == '\n') {
                        deliver(line.toString());
                        line.setLength(0);
                    } else if (line.length() <= MAX_NAME) {
                        line.append(c);
                    }
                }
                buf.clear();
            }
            closedByClient = true;
            runHangUp();
        } catch (IOException closed) {
            // the command ended and closed the connection, or the client reset it
            runHangUp();
        }
    }

    @Override
    public boolean hungUp() {
        return closedByClient || frames.clientGone();
    }

    /** Under the lock, so that the action never runs once its handle's close has returned. */
    private synchronized void runHangUp() {
        Runnable action = hangUp;
        hangUp = null;
        if (action != null) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.warn("control", "reacting to the client's hang-up failed: " + e);
            }
        }
    }

    private void deliver(String name) {
        Consumer<String> h = handler;
        if (h == null || !FORWARDED.contains(name)) {
            return;
        }
        try {
            h.accept(name);
        } catch (RuntimeException e) {
            log.warn("control", "passing the client's SIG" + name + " on failed: " + e);
        }
    }
}
