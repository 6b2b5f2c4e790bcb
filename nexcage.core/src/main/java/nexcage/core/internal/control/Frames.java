package nexcage.core.internal.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The answer side of the control protocol: a sequence of frames, each one type byte
 * ({@code 1} stdout, {@code 2} stderr, {@code x} exit status as decimal text), a 4-byte
 * big-endian length and the payload. Small enough for a Perl or shell client to read.
 * A {@code s} frame asks the client to pass its signals on (see {@link ClientSignalReader}); a
 * {@code g} frame (empty) accepts a shell request, after which the connection carries the shell's
 * raw bytes both ways. Before it, a shell client reads frames like any other: a refusal is a
 * stderr frame and an exit status.
 */
final class Frames {
    static final byte STDOUT = '1';
    static final byte STDERR = '2';
    static final byte EXIT = 'x';
    static final byte SIGNALS = 's';
    static final byte SHELL = 'g';

    private final OutputStream out;
    private volatile boolean clientGone;

    Frames(OutputStream out) {
        this.out = out;
    }

    synchronized void write(byte type, byte[] data, int off, int len) throws IOException {
        byte[] header = {type, (byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len};
        try {
            out.write(header);
            out.write(data, off, len);
            out.flush();
        } catch (IOException e) {
            clientGone = true;
            throw e;
        }
    }

    /** True once a write failed: the client went away (Ctrl-C, a closed pipe), which is no fault of the daemon. */
    boolean clientGone() {
        return clientGone;
    }

    void exit(int status) throws IOException {
        byte[] b = Integer.toString(status).getBytes(StandardCharsets.US_ASCII);
        write(EXIT, b, 0, b.length);
    }

    /** Refuses the request: {@code nexcage: SENTENCE} on stderr and the exit status. */
    void refuse(String sentence, int status) throws IOException {
        byte[] b = ("nexcage: " + sentence + "\n").getBytes(StandardCharsets.UTF_8);
        write(STDERR, b, 0, b.length);
        exit(status);
    }

    /** The frames of {@link #refuse} as one array, for a write that must not block. */
    static byte[] refusal(String sentence, int status) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            new Frames(b).refuse(sentence, status);
        } catch (IOException cannot) {
            throw new UncheckedIOException(cannot);
        }
        return b.toByteArray();
    }

    /** A stream whose every flushed chunk becomes one frame of the given type. */
    OutputStream stream(byte type) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > 0) {
                    Frames.this.write(type, b, off, len);
                }
            }
        };
    }
}
