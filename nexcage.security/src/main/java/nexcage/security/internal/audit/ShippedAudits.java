package nexcage.security.internal.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import nexcage.security.admin.AuditReport;

/**
 * Run by the build (runtime.pom.xml) once the system plugins are signed: audits each
 * {@code *.nexcage-plugin} of a directory and writes its report, keyed by the file's SHA-256, where
 * {@link AuditCache#shipped} reads it. The daemon's first start then finds the Docker backend's
 * report instead of auditing its 4,000 classes (about a second of CPU, issue 22); a file changed after
 * the build has another SHA-256 and is audited as any other.
 */
public final class ShippedAudits {

    private ShippedAudits() {
    }

    /** Arguments: the plugin directory, the directory the reports go to. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ShippedAudits PLUGIN_DIR REPORT_DIR");
            System.exit(2);
        }
        for (AuditReport r : write(Path.of(args[0]), Path.of(args[1]))) {
            System.out.println("audited " + r.plugin() + " " + r.version() + ": " + r.findings().size() + " findings");
        }
    }

    static List<AuditReport> write(Path pluginDir, Path reportDir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(pluginDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".nexcage-plugin")).sorted().toList();
        }
        clear(reportDir);
        AuditCache cache = new AuditCache(reportDir, Math.max(files.size(), 1));
        PluginFileAuditor auditor = new PluginFileAuditor();
        List<AuditReport> reports = new ArrayList<>();
        for (Path f : files) {
            AuditReport report = auditor.audit(f, CachedPluginAudit.sha256(f));
            cache.put(report);
            // readable by every user who may run this runtime (the cache writes its files private)
            Files.setPosixFilePermissions(reportDir.resolve(report.sha256() + ".json"), PosixFilePermissions.fromString("rw-r--r--"));
            reports.add(report);
        }
        return reports;
    }

    /** Reports of files an earlier build shipped would only take room. */
    private static void clear(Path reportDir) throws IOException {
        if (!Files.isDirectory(reportDir)) {
            return;
        }
        try (Stream<Path> s = Files.list(reportDir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                Files.delete(p);
            }
        }
    }
}
