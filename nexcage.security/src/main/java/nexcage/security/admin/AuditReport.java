package nexcage.security.admin;

import java.util.List;

/**
 * What the audit of one plugin file found; {@code sha256} is the file's, the key of the cache.
 * {@code acceptances} are the clauses of the plugin's {@code NexCage-Audit-Accept} header as the
 * audit read them; the findings stay as found until {@link #accepting()} applies them.
 */
public record AuditReport(String plugin, String version, String sha256, List<AuditFinding> findings,
        List<AuditAcceptance> acceptances) {
    public AuditReport {
        findings = List.copyOf(findings);
        acceptances = acceptances == null ? List.of() : List.copyOf(acceptances);
    }

    /** A report of a plugin that accepts nothing. */
    public AuditReport(String plugin, String version, String sha256, List<AuditFinding> findings) {
        this(plugin, version, sha256, findings, List.of());
    }

    /** True when no finding is of high severity. */
    public boolean ok() {
        return findings.stream().noneMatch(f -> f.severity() == AuditSeverity.HIGH);
    }

    /**
     * This report with each finding an acceptance covers lowered to {@link AuditSeverity#LOW}, its
     * detail saying so and why. Only for a plugin file whose signature the core has verified against
     * the trusted certificates: whoever is trusted to sign code may vouch for it, an unsigned or
     * untrusted plugin cannot wave its own findings.
     */
    public AuditReport accepting() {
        List<AuditFinding> accepted = findings.stream().map(this::accept).toList();
        return new AuditReport(plugin, version, sha256, accepted, acceptances);
    }

    private AuditFinding accept(AuditFinding f) {
        if (f.severity() == AuditSeverity.LOW) {
            return f; // nothing to lower, and a second accepting() adds no second reason
        }
        return acceptances.stream().filter(a -> a.covers(f)).findFirst()
                .map(a -> new AuditFinding(f.rule(), f.capability(), AuditSeverity.LOW, f.className(), f.method(),
                        f.detail() + "; accepted by the plugin's signed NexCage-Audit-Accept: " + a.reason()))
                .orElse(f);
    }
}
