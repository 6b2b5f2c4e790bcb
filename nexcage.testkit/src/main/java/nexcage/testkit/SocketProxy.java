package nexcage.testkit;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Unix socket that forwards to the real engine's socket, so a test can make "the engine" go
 * away and come back without touching the shared engine. {@link #stop(boolean)} closes every
 * connection and either removes the socket file (no engine at all) or leaves it (refused).
 * {@link #swallowRequestsContaining(String)} makes an engine that takes some requests and never
 * answers them.
 */
public final class SocketProxy implements AutoCloseable {
    private final Path path;
    private final Path target;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocketChannel server;
    private volatile String swallowed;

    public SocketProxy(Path path, Path target) {
        this.path = path;
        this.target = target;
    }

    /**
     * From now on, a read from a client that contains {@code marker} (e.g. {@code "/attach?"}) is not
     * passed on, nor is anything after it on that connection: its answer never comes. Null passes all.
     */
    public void swallowRequestsContaining(String marker) {
        swallowed = marker;
    }

    public String url() {
        return "unix://" + path;
    }

    public synchronized void start() throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        server = s;
        Thread t = new Thread(() -> accept(s), "test-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    private void accept(ServerSocketChannel s) {
        while (s.isOpen()) {
            try {
                SocketChannel client = s.accept();
                // registered under the same lock as stop(), so a connection accepted while the
                // proxy stops is closed too instead of slipping past the close loop
                synchronized (this) {
                    if (server != s) {
                        closeQuietly(client);
                        return;
                    }
                    SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(target));
                    open.add(client);
                    open.add(engine);
                    pump(client, engine, true);
                    pump(engine, client, false);
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to, boolean fromClient) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(16384);
            boolean holding = false;
            try {
                while (from.read(buf) >= 0) {
                    buf.flip();
                    String marker = swallowed;
                    if (fromClient && !holding && marker != null) {
                        holding = StandardCharsets.ISO_8859_1.decode(buf.duplicate()).toString().contains(marker);
                    }
                    while (!holding && buf.hasRemaining()) {
                        to.write(buf);
                    }
                    buf.clear();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "test-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Drops every connection; {@code removeSocket}: the socket file goes too (else it stays, refusing). */
    public synchronized void stop(boolean removeSocket) throws IOException {
        ServerSocketChannel s = server;
        server = null;
        if (s != null) {
            s.close(); // the file stays: connecting to it is refused
        }
        for (SocketChannel c : open) {
            closeQuietly(c);
        }
        open.clear();
        if (removeSocket) {
            Files.deleteIfExists(path);
        }
    }

    @Override
    public void close() throws IOException {
        stop(true);
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
