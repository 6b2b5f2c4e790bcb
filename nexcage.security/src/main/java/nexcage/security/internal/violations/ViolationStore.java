package nexcage.security.internal.violations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import nexcage.security.admin.Violation;

/**
 * The violations record: one entry per plugin, capability, operation and detail, counted, with the
 * time of its latest occurrence; at most {@code capacity} entries (the least recent is dropped).
 * Kept in a JSON file that a writer thread rewrites at most once per {@code coalesce}: a plugin
 * that violates in a loop costs a map update per call, not an fsync. {@link #close} writes what is
 * pending.
 */
public final class ViolationStore implements AutoCloseable {
    public static final int DEFAULT_CAPACITY = 1000;
    public static final Duration DEFAULT_COALESCE = Duration.ofMillis(250);

    private record Key(String plugin, String capability, String operation, String detail) {
    }

    private final Path file;
    private final int capacity;
    private final Duration coalesce;
    private final Clock clock;
    private final Consumer<String> warn;
    private final ScheduledExecutorService writer;
    private final Object fileLock = new Object();

    /** Least recent first: an updated entry is moved to the end. Guarded by {@code this}. */
    private final LinkedHashMap<Key, Violation> entries = new LinkedHashMap<>();
    private boolean dirty;
    private boolean writeScheduled;
    private boolean closed;

    /**
     * Loads {@code file}; a file that cannot be read is reported through {@code warn}, kept beside
     * as {@code violations.json.corrupt} and replaced at the next write.
     */
    public ViolationStore(Path file, int capacity, Duration coalesce, Clock clock, Consumer<String> warn) {
        this.file = Objects.requireNonNull(file);
        this.capacity = capacity;
        this.coalesce = coalesce;
        this.clock = clock;
        this.warn = warn;
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nexcage-violations-writer");
            t.setDaemon(true);
            return t;
        });
        load();
    }

    private void load() {
        List<Violation> stored;
        try {
            stored = new ArrayList<>(ViolationFile.read(file));
        } catch (IOException | ViolationFile.CorruptException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            warn.accept("the violations record " + file + " cannot be read (" + e.getMessage()
                    + "); it was moved to " + aside + " and a new record is started");
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                // the next write replaces it anyway
            }
            return;
        }
        stored.sort(Comparator.comparing(Violation::time));
        synchronized (this) {
            for (Violation v : stored) {
                entries.put(key(v.plugin(), v.capability(), v.operation(), v.detail()), v);
            }
            trim();
        }
    }

    /** Counts one occurrence now; returns the entry after counting. */
    public Violation record(String plugin, String capability, String operation, String detail) {
        Key key = key(plugin, capability, operation, detail);
        synchronized (this) {
            Violation before = entries.remove(key);
            Violation after = new Violation(clock.instant(), key.plugin(), key.capability(), key.operation(), key.detail(),
                    before == null ? 1 : before.count() + 1);
            entries.put(key, after);
            trim();
            dirty = true;
            if (!writeScheduled && !closed) {
                writeScheduled = true;
                writer.schedule(this::writeIfDirty, coalesce.toMillis(), TimeUnit.MILLISECONDS);
            }
            return after;
        }
    }

    /** Newest first; only {@code plugin}'s unless it is null. */
    public synchronized List<Violation> list(String plugin) {
        List<Violation> out = new ArrayList<>();
        for (Violation v : entries.values()) {
            if (plugin == null || plugin.equals(v.plugin())) {
                out.add(v);
            }
        }
        // the map is in order of recording, which a clock stepping back could disagree with
        out.sort(Comparator.comparing(Violation::time).reversed());
        return out;
    }

    /** Writes now what is not written yet. */
    public void flush() {
        writeIfDirty();
    }

    /** Stops the writer thread and writes what is pending. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        writer.shutdownNow();
        flush();
    }

    private void writeIfDirty() {
        synchronized (fileLock) {
            List<Violation> snapshot;
            synchronized (this) {
                writeScheduled = false;
                if (!dirty) {
                    return;
                }
                dirty = false;
                snapshot = new ArrayList<>(entries.values());
            }
            Collections.reverse(snapshot);
            try {
                ViolationFile.write(file, snapshot);
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    dirty = true;
                }
                warn.accept("the violations record " + file + " cannot be written (" + e
                        + "); the entries are kept in memory and written with the next violation");
            }
        }
    }

    private void trim() {
        Iterator<Key> it = entries.keySet().iterator();
        while (entries.size() > capacity && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static Key key(String plugin, String capability, String operation, String detail) {
        return new Key(Objects.requireNonNull(plugin, "plugin"), capability, Objects.requireNonNull(operation, "operation"),
                detail == null ? "" : detail);
    }
}
