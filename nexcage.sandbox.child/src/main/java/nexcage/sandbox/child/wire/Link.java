package nexcage.sandbox.child.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One end of the sandbox's socket: length-prefixed frames, calls multiplexed both ways by id (a call
 * may call back before it returns), one-way writes to output streams the caller opened, and the
 * failure of every waiting call when the other side goes.
 *
 * <p>Frames: a 4-byte length, then one {@link Values}-encoded list: {@code [CALL, id, object, method,
 * args]}, {@code [RETURN, id, value]}, {@code [FAIL, id, exception]} or {@code [WRITE, sink, bytes]}.
 * Writes are applied on the reader thread, so a stream's bytes arrive before the return of the call
 * that wrote them.
 */
public final class Link implements AutoCloseable {
    private static final int CALL = 1, RETURN = 2, FAIL = 3, WRITE = 4;
    private static final int MAX_FRAME = 64 << 20;

    /** Serves the calls the other side makes. */
    public interface Handler {
        Object call(long object, String method, List<Object> args) throws Exception;
    }

    private final SocketChannel channel;
    private final String peer;
    private final Object writeLock = new Object();
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
    private final Map<Long, OutputStream> sinks = new ConcurrentHashMap<>();
    private final List<Runnable> onClosed = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ExecutorService calls;
    private volatile Handler handler;
    private volatile String closeReason;

    /** @param peer what the other side is, for messages ({@code the sandboxed plugin hello}) */
    public Link(SocketChannel channel, String peer) {
        this.channel = channel;
        this.peer = peer;
        this.calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "nexcage-sandbox-call");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts reading; incoming calls go to handler, each on its own thread. */
    public void start(Handler h) {
        this.handler = h;
        Thread reader = new Thread(this::readLoop, "nexcage-sandbox-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public boolean alive() {
        return !closed.get();
    }

    /** Runs r once when the link closes, from either side; at once if it is closed already. */
    public void onClosed(Runnable r) {
        synchronized (onClosed) {
            if (!closed.get()) {
                onClosed.add(r);
                return;
            }
        }
        r.run();
    }

    /**
     * Calls method of object on the other side and waits for its answer, at most timeoutMillis.
     * An exception the other side threw is thrown again here as {@link Marshal#exception} rebuilds it.
     */
    public Object call(long object, String method, List<?> args, long timeoutMillis) throws Exception {
        long id = ids.incrementAndGet();
        CompletableFuture<Object> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            if (closed.get()) {
                throw new IOException(closedMessage());
            }
            send(List.of(CALL, id, object, method, args));
            return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                ex.fillInStackTrace();
                throw ex;
            }
            throw (Error) cause;
        } catch (TimeoutException e) {
            throw new TimeoutException(method + " in " + peer + " did not answer within " + timeoutMillis + " ms");
        } finally {
            pending.remove(id);
        }
    }

    /** Opens a sink the other side can write to with {@link #remoteStream}; close it with {@link #closeSink}. */
    public long openSink(OutputStream out) {
        long h = ids.incrementAndGet();
        sinks.put(h, out);
        return h;
    }

    public void closeSink(long handle) {
        sinks.remove(handle);
    }

    /** A stream whose bytes go, one way and in order, to the other side's sink. */
    public OutputStream remoteStream(long sink) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] { (byte) b }, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > 0) {
                    byte[] copy = new byte[len];
                    System.arraycopy(b, off, copy, 0, len);
                    send(List.of(WRITE, sink, copy));
                }
            }
        };
    }

    private void send(List<?> frame) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0);
        Values.write(out, frame);
        byte[] b = bytes.toByteArray();
        ByteBuffer buf = ByteBuffer.wrap(b);
        buf.putInt(0, b.length - 4);
        synchronized (writeLock) {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }
    }

    private void readLoop() {
        ByteBuffer header = ByteBuffer.allocate(4);
        String reason = "its end of the socket closed: it exited or was killed";
        try {
            while (true) {
                header.clear();
                if (!fill(header)) {
                    break;
                }
                int n = header.getInt(0);
                if (n < 0 || n > MAX_FRAME) {
                    reason = "it sent a frame of " + n + " bytes";
                    break;
                }
                ByteBuffer body = ByteBuffer.allocate(n);
                if (!fill(body)) {
                    break;
                }
                dispatch((List<?>) Values.read(new DataInputStream(new ByteArrayInputStream(body.array()))));
            }
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) {
                reason = "reading from it failed: " + e.getMessage();
            }
        }
        shutDown(reason);
    }

    private boolean fill(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                return false;
            }
        }
        return true;
    }

    private void dispatch(List<?> frame) {
        int kind = (Integer) frame.get(0);
        long id = (Long) frame.get(1);
        switch (kind) {
            case CALL -> calls.execute(() -> serve(id, (Long) frame.get(2), (String) frame.get(3), cast(frame.get(4))));
            case RETURN -> complete(id, frame.get(2), null);
            case FAIL -> complete(id, null, Marshal.exception(frame.get(2)));
            case WRITE -> write(id, (byte[]) frame.get(2));
            default -> throw new IllegalArgumentException("unknown frame kind " + kind);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> cast(Object o) {
        return (List<Object>) o;
    }

    private void write(long sink, byte[] bytes) {
        OutputStream out = sinks.get(sink);
        if (out == null) {
            return; // the call that opened it is over: late output is dropped
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            sinks.remove(sink); // the caller's client went away; the command's output is not needed any more
        }
    }

    private void complete(long id, Object value, Exception failure) {
        CompletableFuture<Object> f = pending.get(id);
        if (f != null) {
            if (failure != null) {
                f.completeExceptionally(failure);
            } else {
                f.complete(value);
            }
        }
    }

    private void serve(long id, long object, String method, List<Object> args) {
        Object result;
        try {
            result = handler.call(object, method, args);
        } catch (Throwable t) {
            Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : t;
            trySend(List.of(FAIL, id, Marshal.describe(cause)));
            return;
        }
        try {
            send(java.util.Arrays.asList(RETURN, id, result));
        } catch (IllegalArgumentException e) {
            trySend(List.of(FAIL, id, Marshal.describe(e)));
        } catch (IOException e) {
            // the other side is gone; the reader notices and fails what waits
        }
    }

    private void trySend(List<?> frame) {
        try {
            send(frame);
        } catch (IOException e) {
            // the other side is gone; the reader notices and fails what waits
        }
    }

    private String closedMessage() {
        return peer + " is gone (" + (closeReason == null ? "closed" : closeReason) + ")";
    }

    private void shutDown(String reason) {
        List<Runnable> run;
        synchronized (onClosed) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            closeReason = reason;
            run = new ArrayList<>(onClosed);
            onClosed.clear();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        IOException gone = new IOException(closedMessage());
        pending.values().forEach(f -> f.completeExceptionally(gone));
        sinks.clear();
        calls.shutdown();
        for (Runnable r : run) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // one listener's failure does not keep the others from hearing it
            }
        }
    }

    /** Closes the socket; every waiting call fails with reason. */
    public void close(String reason) {
        shutDown(reason);
    }

    @Override
    public void close() {
        shutDown("closed by this side");
    }
}
