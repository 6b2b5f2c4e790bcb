package nexcage.testkit;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Both ends of one Unix socket connection, for a test that puts something on each end (the
 * sandbox's {@code Link}, say). The socket lives in a folder of its own under {@code /tmp}: a
 * socket path must stay short (about 107 bytes), too short for {@code target/}. Whoever takes an
 * end closes it; {@link #close()} removes the folder.
 */
public final class ConnectedSockets implements AutoCloseable {
    private final Path dir;
    private final SocketChannel accepted;
    private final SocketChannel connected;

    private ConnectedSockets(Path dir, SocketChannel accepted, SocketChannel connected) {
        this.dir = dir;
        this.accepted = accepted;
        this.connected = connected;
    }

    /** Connects a new pair in {@code /tmp/PREFIX...}. */
    public static ConnectedSockets open(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
        Path socket = dir.resolve("s");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
            client.connect(UnixDomainSocketAddress.of(socket));
            return new ConnectedSockets(dir, server.accept(), client);
        }
    }

    /** The server's end (what {@code accept} returned). */
    public SocketChannel accepted() {
        return accepted;
    }

    /** The client's end (what connected). */
    public SocketChannel connected() {
        return connected;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
