package nexcage.e2e.containers;

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
 * A Unix socket that passes every byte to the real engine's socket: the daemon under test talks
 * to the real engine through it, and the test can take the engine away (no socket, or a socket
 * that refuses) and bring it back without stopping the engine other tests use.
 */
final class SocketForwarder implements AutoCloseable {
    private final Path path;
    private final Path engine;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private ServerSocketChannel server;

    SocketForwarder(Path path, Path engine) {
        this.path = path;
        this.engine = engine;
    }

    synchronized void start() throws IOException {
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        ServerSocketChannel s = server;
        Thread t = new Thread(() -> accept(s), "forwarder-accept");
        t.setDaemon(true);
        t.start();
    }

    private void accept(ServerSocketChannel s) {
        while (s.isOpen()) {
            try {
                SocketChannel client = s.accept();
                // under the lock stop() takes: a connection accepted while stopping is closed, not kept
                synchronized (this) {
                    if (server != s) {
                        closeQuietly(client);
                        return;
                    }
                    SocketChannel up = SocketChannel.open(UnixDomainSocketAddress.of(engine));
                    open.add(client);
                    open.add(up);
                    pipe(client, up);
                    pipe(up, client);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(SocketChannel from, SocketChannel to) {
        Thread t = new Thread(() -> {
            ByteBuffer b = ByteBuffer.allocate(65536);
            try {
                while (from.read(b) >= 0) {
                    b.flip();
                    while (b.hasRemaining()) {
                        to.write(b);
                    }
                    b.clear();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                // one side went away: so does the other
                closeQuietly(to);
            }
        }, "forwarder-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** The engine is gone: no socket file at all. */
    synchronized void stopAndRemove() throws IOException {
        stop();
        Files.deleteIfExists(path);
    }

    /** The engine is installed but not answering: the socket file stays and refuses connections. */
    synchronized void stopButKeepTheSocket() throws IOException {
        stop();
    }

    private void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        open.forEach(SocketForwarder::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public synchronized void close() throws IOException {
        stopAndRemove();
    }
}
