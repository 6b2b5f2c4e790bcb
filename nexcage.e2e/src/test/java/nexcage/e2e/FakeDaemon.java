package nexcage.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A control socket that answers each connection with a script instead of a daemon: what a client
 * sends (the request line, and the signal lines after an {@code s} frame) is recorded, and the
 * answer is exactly the frames a case needs, including ones a daemon rarely sends (split headers,
 * unknown types, an early close). Serves one connection at a time.
 */
final class FakeDaemon implements AutoCloseable {
    /** One answer: the connection's streams and its request line. */
    interface Script {
        void answer(InputStream in, OutputStream out, String request) throws Exception;
    }

    final Path path;
    private final ServerSocketChannel server;
    private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    FakeDaemon(Path path, Script script) throws IOException {
        this.path = path;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread t = new Thread(() -> serve(script), "fake-daemon");
        t.setDaemon(true);
        t.start();
    }

    private void serve(Script script) {
        while (true) {
            try (SocketChannel ch = server.accept()) {
                InputStream in = Channels.newInputStream(ch);
                String request = line(in);
                requests.add(request);
                script.answer(in, Channels.newOutputStream(ch), request);
            } catch (ClosedChannelException closed) {
                return;
            } catch (Exception | AssertionError e) {
                failures.add(e);
            }
        }
    }

    /** The next request line a client sent (bounded wait). */
    String request() throws InterruptedException {
        String r = requests.poll(20, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no request reached the fake daemon at " + path + " within 20 s; failures: " + failures);
        }
        return r;
    }

    List<Throwable> failures() {
        return failures;
    }

    /** One line (without its newline), or what came before the end of the stream. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0 && c != '\n';) {
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** One frame: a type byte, a 4-byte big-endian length, the payload. */
    static byte[] frame(char type, byte[] payload) {
        byte[] f = new byte[5 + payload.length];
        f[0] = (byte) type;
        f[1] = (byte) (payload.length >>> 24);
        f[2] = (byte) (payload.length >>> 16);
        f[3] = (byte) (payload.length >>> 8);
        f[4] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 5, payload.length);
        return f;
    }

    static byte[] frame(char type, String payload) {
        return frame(type, payload.getBytes(StandardCharsets.UTF_8));
    }

    static void send(OutputStream out, byte[]... frames) throws IOException {
        for (byte[] f : frames) {
            out.write(f);
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
