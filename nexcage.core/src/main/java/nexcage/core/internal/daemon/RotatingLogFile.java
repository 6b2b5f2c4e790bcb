package nexcage.core.internal.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An append-only log file bounded by rotation: once the next write would take {@code NAME.log}
 * past {@code maxBytes}, it becomes {@code NAME.log.1}, the older ones move up by one and the one
 * past {@code keep} is deleted. So the file and its rotations hold at most {@code (keep + 1) *
 * maxBytes} (one entry larger than {@code maxBytes} is cut to it). Not thread-safe: its owner
 * writes under its own lock.
 */
final class RotatingLogFile {
    private static final byte[] CUT = "    ... (cut: the entry was larger than a log file may be)\n".getBytes(StandardCharsets.UTF_8);

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;
    private long size;

    RotatingLogFile(Path file, long maxBytes, int keep) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    void append(byte[] entry) throws IOException {
        byte[] bytes = entry.length <= maxBytes ? entry : cut(entry);
        if (out == null) {
            Files.createDirectories(file.getParent());
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            size = Files.size(file);
        }
        if (size > 0 && size + bytes.length > maxBytes) {
            rotate();
        }
        out.write(bytes);
        out.flush();
        size += bytes.length;
    }

    private byte[] cut(byte[] entry) {
        byte[] b = new byte[(int) maxBytes];
        int keepBytes = (int) maxBytes - CUT.length;
        System.arraycopy(entry, 0, b, 0, keepBytes);
        System.arraycopy(CUT, 0, b, keepBytes, CUT.length);
        return b;
    }

    private void rotate() throws IOException {
        out.close();
        out = null;
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (keep > 0) {
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(file);
        }
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = 0;
    }

    /** {@code NAME.log.i}; {@code NAME.log} itself for 0. */
    Path rotated(int i) {
        return i == 0 ? file : file.resolveSibling(file.getFileName() + "." + i);
    }

    /** Everything still kept, oldest first. */
    String readAll() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = keep; i >= 0; i--) {
            Path p = rotated(i);
            if (Files.exists(p)) {
                b.append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }

    boolean exists() {
        for (int i = 0; i <= keep; i++) {
            if (Files.exists(rotated(i))) {
                return true;
            }
        }
        return false;
    }

    void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // closing with the daemon or the plugin: nowhere left to report this
            }
            out = null;
        }
    }

    /** Closes the file and deletes it with its rotations. */
    void delete() throws IOException {
        close();
        for (int i = 0; i <= keep; i++) {
            Files.deleteIfExists(rotated(i));
        }
    }
}
