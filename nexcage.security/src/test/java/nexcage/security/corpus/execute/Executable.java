package nexcage.security.corpus.execute;

import java.io.File;

/** filesystem_execute: makes a file executable. */
public class Executable {
    public boolean mark(File file) {
        return file.setExecutable(true);
    }
}
