package nexcage.core.internal.guard;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first {@code cap} bytes written to it and drops the rest, so a command that prints
 * without end neither fills the heap nor blocks on a full pipe (the writer always goes on).
 */
final class CappedOutput extends OutputStream {
    /** What guarded services keep of a command's stdout or stderr. */
    static final int MIB = 1 << 20;

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int cap;

    CappedOutput(int cap) {
        this.cap = cap;
    }

    @Override
    public synchronized void write(int b) {
        if (kept.size() < cap) {
            kept.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = cap - kept.size();
        if (room > 0) {
            kept.write(b, off, Math.min(room, len));
        }
    }

    /** What was kept, as UTF-8 (a character cut at the cap shows as U+FFFD). */
    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }
}
