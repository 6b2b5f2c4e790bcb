package nexcage.core.internal.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** A connected pair of Unix socket channels, the daemon's side and the client's, as a control connection's tests need. */
record UnixPair(SocketChannel daemon, SocketChannel client) implements AutoCloseable {

    /** Connects through a socket file in {@code dir}, removed again once the pair is connected. */
    static UnixPair open(Path dir) throws IOException {
        Path socket = dir.resolve("pair.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            return new UnixPair(server.accept(), client);
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    @Override
    public void close() throws IOException {
        daemon.close();
        client.close();
    }
}
