package nexcage.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Whether the framework cache (Felix's storage under the state directory) the last daemon left may be
 * used again (issue 22, DESIGN §9). Felix writes its revision directories and state files with no
 * journal, so a daemon killed with -9 or a power cut can leave a cache half-written; it is kept only
 * when the last daemon stopped in order and ran the same runtime. An orderly stop writes a marker
 * beside the cache holding the {@link #stamp} of the runtime's boot layout, after syncing the cache's
 * files to disk; a start removes the marker (durably) before the framework opens the cache, and
 * clears the cache as before when the marker is missing or holds another stamp. OSGi-free.
 */
final class FrameworkCache {
    /** The marker's name beside the cache directory: {@code framework} and {@code framework.stopped}. */
    static final String MARKER_SUFFIX = ".stopped";

    private final Path storage;
    private final Path marker;
    private final String stamp;

    FrameworkCache(Path storage, String stamp) {
        this.storage = storage.toAbsolutePath();
        this.marker = markerOf(this.storage);
        this.stamp = stamp;
    }

    /** The marker of a cache directory: {@code framework.stopped} beside {@code framework}. */
    static Path markerOf(Path storage) {
        Path abs = storage.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + MARKER_SUFFIX);
    }

    Path marker() {
        return marker;
    }

    /**
     * Prepares the cache for a start: true when the last daemon's cache is kept (it stopped in order
     * with the same stamp), false when the cache was cleared. Either way the marker is gone, and its
     * removal is on disk before the framework writes anything, so a crash from now on cannot leave a
     * marker beside a cache this daemon changed.
     */
    boolean open() throws IOException {
        // bytes decoded leniently: a damaged marker is one that does not match, not a start that fails
        String found = Files.exists(marker) ? new String(Files.readAllBytes(marker), StandardCharsets.UTF_8).strip() : null;
        if (found != null) {
            Files.delete(marker);
            syncDirectory(marker.getParent());
        }
        boolean keep = stamp.equals(found) && Files.isDirectory(storage);
        if (!keep) {
            deleteTree(storage);
        }
        Files.createDirectories(storage);
        return keep;
    }

    /**
     * After the framework stopped in order: flushes the cache's files and writes the marker (a
     * temporary file moved in place, so a crash while writing leaves no marker).
     */
    void stoppedInOrder() throws IOException {
        syncTree(storage);
        Path tmp = marker.resolveSibling(marker.getFileName() + ".tmp");
        Files.writeString(tmp, stamp + "\n", StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(marker.getParent());
    }

    /**
     * The stamp of a boot layout: every class path entry's path, size and modification time (the boot
     * jar, Felix, Atomos, the runtime bundles' jars: a rebuilt or replaced runtime changes it), the
     * framework properties, and the JDK (its directory and version: the system bundle's exports follow it).
     */
    static String stamp(List<Path> classPath, Map<String, String> frameworkProperties, String javaHome, String javaVersion) {
        StringBuilder s = new StringBuilder("nexcage-framework-cache 1\n");
        s.append("java ").append(javaHome).append(' ').append(javaVersion).append('\n');
        for (Path p : classPath) {
            Path abs = p.toAbsolutePath().normalize();
            s.append("cp ").append(abs);
            try {
                s.append(' ').append(Files.size(abs)).append(' ').append(Files.getLastModifiedTime(abs).toMillis());
            } catch (IOException e) {
                s.append(" missing");
            }
            s.append('\n');
        }
        new TreeMap<>(frameworkProperties).forEach((k, v) -> s.append("p ").append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
        // the text itself, not a digest of it: a message digest's providers cost a start some 30 ms of class loading
        return s.toString().strip();
    }

    /** The entries of a class path string (as {@code java.class.path} holds it). */
    static List<Path> classPath(String classPath) {
        List<Path> out = new ArrayList<>();
        for (String e : classPath.split(java.io.File.pathSeparator)) {
            if (!e.isBlank()) {
                out.add(Path.of(e));
            }
        }
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** fsync of every file and directory under {@code dir}: Felix writes without it, and the marker must not outlive them. */
    private static void syncTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                        ch.force(true);
                    }
                } else if (Files.isDirectory(p)) {
                    syncDirectory(p);
                }
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be opened for a sync; the rename is still atomic
        }
    }
}
