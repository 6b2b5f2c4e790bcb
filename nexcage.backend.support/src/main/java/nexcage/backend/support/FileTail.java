package nexcage.backend.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Copies what is appended to a container's log file to a stream, from a position on. The channel is
 * opened once, so a file deleted with its container (auto-remove) is still read to its end. A
 * console log (a terminal's output) can have its CR LF line ends turned into LF, as a pipe would
 * have carried them.
 */
public final class FileTail implements AutoCloseable {
    /** What to do when the file is not there: create it empty (so the runtime appends to the same file), or copy nothing. */
    public enum Missing { CREATE, SKIP }

    /** How line ends are copied: as they are, or a terminal's CR LF as LF. */
    public enum LineEnds { AS_IS, CRLF_TO_LF }

    private final FileChannel channel;
    private final OutputStream to;
    private final boolean console;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    private long position;
    private boolean heldCr;

    private FileTail(FileChannel channel, long position, OutputStream to, LineEnds lineEnds) {
        this.channel = channel;
        this.position = position;
        this.to = to;
        this.console = lineEnds == LineEnds.CRLF_TO_LF;
    }

    /** Follows {@code file} from its current end: only what is written from now on. */
    public static FileTail fromEnd(Path file, OutputStream to, Missing missing, LineEnds lineEnds) throws IOException {
        FileChannel ch = open(file, missing);
        return new FileTail(ch, ch == null ? 0 : ch.size(), to, lineEnds);
    }

    /** Follows {@code file} from the start of its last {@code lines} lines ({@code lines} &lt; 0: all of it). */
    public static FileTail fromLines(Path file, int lines, OutputStream to, Missing missing, LineEnds lineEnds) throws IOException {
        FileChannel ch = open(file, missing);
        return new FileTail(ch, ch == null || lines < 0 ? 0 : startOfLastLines(file, lines), to, lineEnds);
    }

    private static FileChannel open(Path file, Missing missing) throws IOException {
        if (missing == Missing.SKIP) {
            return Files.exists(file) ? FileChannel.open(file, StandardOpenOption.READ) : null;
        }
        OpenOption[] create = {StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE};
        return FileChannel.open(file, create);
    }

    /** Copies what was appended since the last call; returns whether there was anything. */
    public boolean copy() throws IOException {
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
            any = true;
            write(buf.array(), n);
        }
        if (any) {
            to.flush();
        }
        return any;
    }

    private void write(byte[] b, int n) throws IOException {
        if (!console) {
            to.write(b, 0, n);
            return;
        }
        int start = 0;
        if (heldCr) {
            heldCr = false;
            if (n > 0 && b[0] != '\n') {
                to.write('\r');
            }
        }
        for (int i = 0; i < n; i++) {
            if (b[i] == '\r' && (i + 1 == n || b[i + 1] == '\n')) {
                to.write(b, start, i - start);
                start = i + 1;
                heldCr = i + 1 == n;
            }
        }
        to.write(b, start, n - start);
    }

    /** Where the last {@code lines} lines of the file begin (0 when it has fewer or is missing; a last line without its newline counts as one). */
    public static long startOfLastLines(Path file, int lines) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = ch.size();
            if (lines == 0) {
                return end;
            }
            long pos = end;
            int seen = 0;
            ByteBuffer b = ByteBuffer.allocate(8192);
            boolean first = true;
            while (pos > 0) {
                int chunk = (int) Math.min(b.capacity(), pos);
                b.clear().limit(chunk);
                ch.read(b, pos - chunk);
                for (int i = chunk - 1; i >= 0; i--) {
                    long at = pos - chunk + i;
                    if (b.get(i) == '\n') {
                        if (first && at == end - 1) {
                            first = false;
                            continue;
                        }
                        if (++seen == lines) {
                            return at + 1;
                        }
                    }
                    first = false;
                }
                pos -= chunk;
            }
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
