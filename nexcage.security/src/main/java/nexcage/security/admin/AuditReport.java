package nexcage.security.admin;

import java.util.List;

/** What the audit of one plugin file found; {@code sha256} is the file's, the key of the cache. */
public record AuditReport(String plugin, String version, String sha256, List<AuditFinding> findings) {
    public AuditReport {
        findings = List.copyOf(findings);
    }

    /** True when no finding is of high severity. */
    public boolean ok() {
        return findings.stream().noneMatch(f -> f.severity() == AuditSeverity.HIGH);
    }
}
