package nexcage.security.corpus.perms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** filesystem_permissions (filesystem_write): changes a file's permissions. */
public class Chmod {
    public void open(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
}
