package nexcage.backend.oci;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

import nexcage.backend.support.FileTail;
import nexcage.backend.support.FileTail.LineEnds;
import nexcage.backend.support.FileTail.Missing;

/**
 * Copies a container's output files ({@code stdout.log}, {@code stderr.log}) to two streams, from
 * a position on: what is there now ({@link #pump()}), and what the container adds while it runs.
 * A file the container never made is copied as empty.
 */
final class LogTail implements AutoCloseable {
    private final FileTail out;
    private final FileTail err;

    private LogTail(FileTail out, FileTail err) {
        this.out = out;
        this.err = err;
    }

    /** From the files' current ends: only what the container writes from now on. */
    static LogTail fromEnd(Path stdout, Path stderr, OutputStream out, OutputStream err) throws IOException {
        return new LogTail(FileTail.fromEnd(stdout, out, Missing.SKIP, LineEnds.AS_IS),
                FileTail.fromEnd(stderr, err, Missing.SKIP, LineEnds.AS_IS));
    }

    /** From the {@code tail} last lines of each file ({@code tail} &lt; 0: from the start). */
    static LogTail fromTail(Path stdout, Path stderr, int tail, OutputStream out, OutputStream err) throws IOException {
        return new LogTail(FileTail.fromLines(stdout, tail, out, Missing.SKIP, LineEnds.AS_IS),
                FileTail.fromLines(stderr, tail, err, Missing.SKIP, LineEnds.AS_IS));
    }

    /** Copies what the files hold beyond what was copied; true if anything was. */
    boolean pump() throws IOException {
        boolean a = out.copy();
        boolean b = err.copy();
        return a || b;
    }

    @Override
    public void close() {
        closeQuietly(out);
        closeQuietly(err);
    }

    private static void closeQuietly(FileTail t) {
        try {
            t.close();
        } catch (IOException ignored) {
            // read only
        }
    }
}
