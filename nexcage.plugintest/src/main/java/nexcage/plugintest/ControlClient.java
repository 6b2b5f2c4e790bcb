package nexcage.plugintest;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The client side of the control socket (DESIGN §8), as the launcher speaks it: one JSON request
 * line {@code {argv, cwd, tty, mode}}, then frames (a type byte, a 4-byte length, the payload):
 * {@code 1} stdout, {@code 2} stderr, {@code x} the exit status. OSGi-free.
 */
final class ControlClient {
    private final Path socket;

    ControlClient(Path socket) {
        this.socket = socket;
    }

    CommandResult run(Path cwd, List<String> argv) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer request = ByteBuffer.wrap(request(cwd, argv).getBytes(StandardCharsets.UTF_8));
            while (request.hasRemaining()) {
                ch.write(request);
            }
            return readAnswer(new DataInputStream(Channels.newInputStream(ch)));
        } catch (IOException e) {
            throw new UncheckedIOException("the control socket " + socket + " did not answer " + argv, e);
        }
    }

    static String request(Path cwd, List<String> argv) {
        StringBuilder b = new StringBuilder("{\"argv\":[");
        for (int i = 0; i < argv.size(); i++) {
            b.append(i == 0 ? "" : ",").append(json(argv.get(i)));
        }
        return b.append("],\"cwd\":").append(json(cwd.toString())).append(",\"tty\":false,\"mode\":\"command\"}\n").toString();
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static CommandResult readAnswer(DataInputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        while (true) {
            int type;
            try {
                type = in.readByte();
            } catch (EOFException end) {
                throw new IOException("the daemon closed the connection before the exit status; see its log under the state directory");
            }
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            switch (type) {
                case '1' -> out.write(payload);
                case '2' -> err.write(payload);
                case 'x' -> {
                    return new CommandResult(Integer.parseInt(new String(payload, StandardCharsets.UTF_8).trim()),
                            out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
                }
                default -> { } // frames of interactive commands (signals, the shell) mean nothing here
            }
        }
    }
}
