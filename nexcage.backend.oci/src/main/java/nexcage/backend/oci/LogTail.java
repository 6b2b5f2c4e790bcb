package nexcage.backend.oci;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Copies a container's output files ({@code stdout.log}, {@code stderr.log}) to two streams, from
 * a position on: what is there now ({@link #pump()}), and what the container adds while it runs.
 * The files stay open, so a container removed meanwhile (auto-remove) is still read to its end.
 */
final class LogTail implements AutoCloseable {
    private final Source out;
    private final Source err;

    private LogTail(Source out, Source err) {
        this.out = out;
        this.err = err;
    }

    /** From the files' current ends: only what the container writes from now on. */
    static LogTail fromEnd(Path stdout, Path stderr, OutputStream out, OutputStream err) throws IOException {
        return new LogTail(Source.open(stdout, out, -1), Source.open(stderr, err, -1));
    }

    /** From the {@code tail} last lines of each file ({@code tail} &lt; 0: from the start). */
    static LogTail fromTail(Path stdout, Path stderr, int tail, OutputStream out, OutputStream err) throws IOException {
        return new LogTail(Source.open(stdout, out, tail < 0 ? 0 : startOfLastLines(stdout, tail)),
                Source.open(stderr, err, tail < 0 ? 0 : startOfLastLines(stderr, tail)));
    }

    /** Copies what the files hold beyond what was copied; true if anything was. */
    boolean pump() throws IOException {
        boolean a = out.pump();
        boolean b = err.pump();
        return a || b;
    }

    @Override
    public void close() {
        out.close();
        err.close();
    }

    /** Where the last {@code lines} lines of the file begin (0 when it has fewer). */
    static long startOfLastLines(Path file, int lines) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long pos = f.length();
            if (lines == 0) {
                return pos;
            }
            int seen = 0;
            // a last line without its newline counts as a line too
            boolean first = true;
            byte[] buf = new byte[8192];
            while (pos > 0) {
                int n = (int) Math.min(buf.length, pos);
                pos -= n;
                f.seek(pos);
                f.readFully(buf, 0, n);
                for (int i = n - 1; i >= 0; i--) {
                    if (buf[i] == '\n') {
                        if (first && pos + i == f.length() - 1) {
                            first = false;
                            continue;
                        }
                        if (++seen == lines) {
                            return pos + i + 1;
                        }
                    }
                    first = false;
                }
            }
            return 0;
        }
    }

    /** One file and where to copy it. */
    private static final class Source {
        private final FileChannel channel;
        private final OutputStream to;
        private final ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        private long position;

        private Source(FileChannel channel, OutputStream to, long position) {
            this.channel = channel;
            this.to = to;
            this.position = position;
        }

        static Source open(Path file, OutputStream to, long from) throws IOException {
            if (!Files.exists(file)) {
                return new Source(null, to, 0);
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            return new Source(ch, to, from < 0 ? ch.size() : from);
        }

        boolean pump() throws IOException {
            if (channel == null) {
                return false;
            }
            boolean any = false;
            while (true) {
                buf.clear();
                int n = channel.read(buf, position);
                if (n <= 0) {
                    break;
                }
                position += n;
                to.write(buf.array(), 0, n);
                any = true;
            }
            if (any) {
                to.flush();
            }
            return any;
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // read only
                }
            }
        }
    }
}
