package nexcage.security.corpus.read;

import java.io.FileInputStream;
import java.io.IOException;

/** filesystem_read: reads a file. */
public class Reader {
    public int first(String file) throws IOException {
        try (FileInputStream in = new FileInputStream(file)) {
            return in.read();
        }
    }
}
