package nexcage.example.process;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies a container's output file to a client: its last lines, then, when following, what comes until the process ends. */
final class OutputFile {
    /** How often a follower looks for new output. */
    private static final long POLL_MS = 50;

    private OutputFile() {
    }

    /** Copies the last {@code tail} lines (all when negative); with {@code follow}, goes on until {@code process} has ended. */
    static void copy(Path file, int tail, boolean follow, Process process, OutputStream out) throws IOException, InterruptedException {
        long position = Files.exists(file) ? startOfLastLines(file, tail) : 0;
        while (true) {
            boolean ended = process == null || !process.isAlive();
            position = copyFrom(file, position, out);
            if (!follow || ended) {
                return;
            }
            Thread.sleep(POLL_MS);
        }
    }

    private static long copyFrom(Path file, long position, OutputStream out) throws IOException {
        if (!Files.exists(file)) {
            return position;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(position);
            byte[] buffer = new byte[8192];
            for (int n; (n = f.read(buffer)) > 0; position += n) {
                out.write(buffer, 0, n);
            }
        }
        out.flush();
        return position;
    }

    /** The offset of the first of the last {@code lines} lines; 0 for all of them. */
    static long startOfLastLines(Path file, int lines) throws IOException {
        if (lines < 0) {
            return 0;
        }
        byte[] all = Files.readAllBytes(file);
        int end = all.length > 0 && all[all.length - 1] == '\n' ? all.length - 1 : all.length;
        int seen = 0;
        for (int i = end - 1; i >= 0; i--) {
            if (all[i] == '\n' && ++seen == lines) {
                return i + 1;
            }
        }
        return lines == 0 ? all.length : 0;
    }
}
