package nexcage.testkit;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Unix socket that forwards to the real engine's socket, so a test can make "the engine" go
 * away and come back without touching the shared engine. {@link #stop(boolean)} closes every
 * connection and either removes the socket file (no engine at all) or leaves it (refused).
 */
public final class SocketProxy implements AutoCloseable {
    private final Path path;
    private final Path target;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocketChannel server;

    public SocketProxy(Path path, Path target) {
        this.path = path;
        this.target = target;
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
                    pump(client, engine);
                    pump(engine, client);
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(16384);
            try {
                while (from.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
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
