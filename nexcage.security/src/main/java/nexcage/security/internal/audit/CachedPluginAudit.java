package nexcage.security.internal.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import nexcage.security.admin.AuditReport;
import nexcage.security.admin.PluginAudit;

/**
 * The audit behind its cache: a file is read by the auditor only when its SHA-256 is neither cached
 * nor among the reports shipped with the runtime (the system plugins', written by the build, so a
 * first start does not audit the Docker backend's 4,000 classes).
 */
public final class CachedPluginAudit implements PluginAudit {
    private final FileAuditor auditor;
    private final AuditCache cache;
    /** Null when the runtime ships no reports. */
    private final AuditCache shipped;

    public CachedPluginAudit(FileAuditor auditor, AuditCache cache) {
        this(auditor, cache, null);
    }

    public CachedPluginAudit(FileAuditor auditor, AuditCache cache, AuditCache shipped) {
        this.auditor = auditor;
        this.cache = cache;
        this.shipped = shipped;
    }

    @Override
    public AuditReport audit(Path pluginFile) throws IOException {
        String sha = sha256(pluginFile);
        Optional<AuditReport> cached = cache.get(sha);
        if (cached.isEmpty() && shipped != null) {
            cached = shipped.get(sha);
        }
        if (cached.isPresent()) {
            return cached.get();
        }
        AuditReport report = auditor.audit(pluginFile, sha);
        cache.put(report);
        return report;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
