package nexcage.security.internal.audit;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.security.admin.AuditReport;

/**
 * Audit reports by the plugin file's SHA-256: in memory (the most recently used {@code max}), and on
 * disk as {@code DIR/SHA.json} (at most {@code max} files, the least recently used removed). A file
 * written under another rule table, or that cannot be read back, is a miss and gets rewritten.
 */
public final class AuditCache {

    /** What a cache file holds: the rule table's fingerprint and the report. */
    record Entry(String rules, AuditReport report) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int max;
    private final String rules;
    private final Map<String, AuditReport> memory;
    /** False for the reports shipped beside the runtime, which may sit on a read-only file system. */
    private final boolean touch;

    public AuditCache(Path dir, int max) {
        this(dir, max, AuditRules.FINGERPRINT, true);
    }

    AuditCache(Path dir, int max, String rules) {
        this(dir, max, rules, true);
    }

    private AuditCache(Path dir, int max, String rules, boolean touch) {
        this.dir = dir;
        this.max = max;
        this.rules = rules;
        this.touch = touch;
        this.memory = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, AuditReport> eldest) {
                return size() > max;
            }
        };
    }

    public synchronized Optional<AuditReport> get(String sha256) {
        AuditReport hit = memory.get(sha256);
        if (hit == null) {
            hit = readDisk(sha256);
            if (hit != null) {
                memory.put(sha256, hit);
            }
        }
        return Optional.ofNullable(hit);
    }

    /**
     * The reports the build wrote for the plugins that ship with the runtime ({@link ShippedAudits}):
     * looked up, never written nor trimmed.
     */
    public static AuditCache shipped(Path dir) {
        return new AuditCache(dir, 64, AuditRules.FINGERPRINT, false);
    }

    public synchronized void put(AuditReport report) {
        memory.put(report.sha256(), report);
        if (!touch) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, report.sha256(), ".tmp");
            JSON.writeValue(tmp.toFile(), new Entry(rules, report));
            try {
                Files.move(tmp, file(report.sha256()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(report.sha256()), StandardCopyOption.REPLACE_EXISTING);
            }
            trim();
        } catch (IOException e) {
            // the disk cache only saves time: the report stands, it is audited again next start
        }
    }

    private AuditReport readDisk(String sha256) {
        Path f = file(sha256);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            Entry e = JSON.readValue(f.toFile(), Entry.class);
            if (e == null || e.report() == null || !rules.equals(e.rules()) || !sha256.equals(e.report().sha256())) {
                return null;
            }
            if (touch) {
                Files.setLastModifiedTime(f, FileTime.from(Instant.now()));
            }
            return e.report();
        } catch (IOException | RuntimeException e) {
            return null; // corrupt or of another format: audited again and rewritten
        }
    }

    private void trim() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        }
        if (files.size() <= max) {
            return;
        }
        files.stream()
                .sorted(Comparator.comparing(AuditCache::modified))
                .limit(files.size() - max)
                .forEach(p -> p.toFile().delete());
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private Path file(String sha256) {
        return dir.resolve(sha256 + ".json");
    }
}
