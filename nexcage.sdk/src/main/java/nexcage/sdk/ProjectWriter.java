package nexcage.sdk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Writes a project's files all or nothing: into a hidden sibling folder first, renamed into place at the end. */
public final class ProjectWriter {
    private ProjectWriter() {
    }

    public static void write(Path dir, Map<String, String> files) throws IOException {
        Path parent = Files.createDirectories(dir.toAbsolutePath().getParent());
        Path staging = Files.createTempDirectory(parent, "." + dir.getFileName() + ".new-");
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path target = staging.resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.getValue());
            }
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(staging);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
