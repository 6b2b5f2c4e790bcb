package nexcage.security.corpus.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** filesystem_write: writes a file. */
public class Writer {
    public void save(Path file, String text) throws IOException {
        Files.writeString(file, text);
    }
}
