package nexcage.backend.docker;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 {@code GET} to the engine on a connection of its own (a Unix socket, TCP, or TCP
 * with TLS), with the JDK only: what the health probe and the event stream need, so that an idle
 * daemon loads neither docker-java's command layer nor its HTTP transport (about 700 classes with
 * the shaded HttpClient 5). The answer's body is de-chunked as it comes; {@link #close()} from
 * another thread ends a blocked read.
 */
final class RawHttp implements Closeable {

    /** An answer: its status and its body (read to the end of the answer, not of the connection). */
    record Answer(int status, InputStream body) {
    }

    private final Closeable connection;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Closeable connection, InputStream in, OutputStream out) {
        this.connection = connection;
        this.in = new BufferedInputStream(in);
        this.out = out;
    }

    /** Connects to the engine at {@code host} ({@code unix://}, {@code tcp://}; TLS when {@code tls} is not null). */
    static RawHttp connect(URI host, SSLContext tls, Duration connectTimeout) throws IOException {
        if ("unix".equalsIgnoreCase(host.getScheme())) {
            SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(host.getPath()));
            return new RawHttp(ch, Channels.newInputStream(ch), Channels.newOutputStream(ch));
        }
        int port = host.getPort() > 0 ? host.getPort() : tls != null ? 2376 : 2375;
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host.getHost(), port), (int) connectTimeout.toMillis());
            if (tls != null) {
                SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(s, host.getHost(), port, true);
                SSLParameters p = t.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the engine's certificate must name the host
                t.setSSLParameters(p);
                t.startHandshake();
                s = t;
            }
            return new RawHttp(s, s.getInputStream(), s.getOutputStream());
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Sends {@code GET path} and reads the answer's head. */
    Answer get(String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: nexcage\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Head h = head(in);
        return new Answer(h.status(), h.body(in));
    }

    /** An answer's head: its status, and how its body is framed (a length, chunks, or up to the connection's end). */
    record Head(int status, long length, boolean chunked) {
        /** The body that follows the head in {@code in}, read to the end of the answer. */
        InputStream body(InputStream in) {
            return chunked ? new Chunked(in) : length >= 0 ? new Limited(in, length) : in;
        }
    }

    /** Reads an answer's head (status line and header lines, up to the blank line). */
    static Head head(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("the engine answered with something other than HTTP: " + status);
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("the engine answered with an unreadable status line: " + status, e);
        }
        long length = -1;
        boolean chunked = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).strip();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        return new Head(code, length, chunked);
    }

    /** The body of a failed answer as text (the engine's message). */
    static String text(Answer a) {
        try {
            return new String(a.body().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(the engine's answer could not be read: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }

    /** One header line without its CRLF; an answer cut off in its head is an error. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the engine closed the connection in the middle of its answer's head");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** A body: read in blocks; a single byte is a block of one. */
    private abstract static class Body extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** A body of a known length. */
    private static final class Limited extends Body {
        private final InputStream in;
        private long left;

        Limited(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** A chunked body ({@code SIZE-in-hex CRLF data CRLF ... 0 CRLF CRLF}), handed on as each chunk comes. */
    static final class Chunked extends Body {
        private final InputStream in;
        private long left; // of the current chunk
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                int semi = size.indexOf(';');
                left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the engine closed the connection in the middle of a chunk");
            }
            left -= n;
            if (left == 0) {
                line(in); // the chunk's CRLF
            }
            return n;
        }
    }
}
