package nexcage.core.internal.plugins;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import nexcage.core.internal.config.SecuritySettings.AuditMode;
import nexcage.security.admin.AuditFinding;
import nexcage.security.admin.AuditReport;
import nexcage.security.admin.AuditSeverity;
import nexcage.security.admin.PluginAudit;

/**
 * {@code runtime.security.audit} when a plugin file is checked (DESIGN §5): the verified copy's
 * bytecode is audited (the audit service caches by SHA-256, so a restart does not audit again);
 * under {@code warn} its high findings become warnings (logged at install, a few lines at most),
 * under {@code enforce} the first of them rejects the file, and {@code off} audits nothing.
 */
public final class InstallAudit {
    /** Warnings a plugin's high findings make at most; the rest are counted in one more line. */
    static final int MAX_WARNINGS = 5;

    static final InstallAudit OFF = new InstallAudit(AuditMode.OFF, null);

    private final AuditMode mode;
    /** Null when the audit service is not there (the security bundle is not running). */
    private final PluginAudit audit;

    InstallAudit(AuditMode mode, PluginAudit audit) {
        this.mode = mode;
        this.audit = audit;
    }

    /**
     * Adds to the problems (enforce) or the warnings (warn) what the audit of {@code copy} says. The
     * plugin's own {@code NexCage-Audit-Accept} counts only when {@code signedByTrusted}: whoever is
     * trusted to sign code may vouch for what it embeds; an unsigned plugin cannot wave its own findings.
     */
    void check(Path copy, String plugin, boolean signedByTrusted, List<String> problems, List<String> warnings) {
        if (mode == AuditMode.OFF) {
            return;
        }
        List<String> out = mode == AuditMode.ENFORCE ? problems : warnings;
        if (audit == null) {
            out.add("cannot be audited: the audit service (bundle nexcage.security) is not running; start it, or set "
                    + "runtime.security.audit to warn or off");
            return;
        }
        AuditReport report;
        try {
            report = judged(audit.audit(copy), signedByTrusted);
        } catch (IOException | RuntimeException e) {
            out.add("cannot be audited (" + e.getMessage() + "); rebuild the plugin, or set runtime.security.audit to warn or off");
            return;
        }
        if (!signedByTrusted && !report.acceptances().isEmpty()) {
            warnings.add("audit: its NexCage-Audit-Accept header is ignored because the file is not signed by a trusted "
                    + "certificate; sign it, or have its findings fixed");
        }
        List<AuditFinding> high = report.findings().stream().filter(f -> f.severity() == AuditSeverity.HIGH).toList();
        if (high.isEmpty()) {
            return;
        }
        if (mode == AuditMode.ENFORCE) {
            problems.add(reason(high.get(0)));
            return;
        }
        high.stream().limit(MAX_WARNINGS).forEach(f -> warnings.add(reason(f)));
        if (high.size() > MAX_WARNINGS) {
            warnings.add("audit: " + (high.size() - MAX_WARNINGS) + " more high findings; see nexcage plugin audit " + plugin);
        }
    }

    /** The report as it counts here: with the plugin's acceptances applied only for a file signed by a trusted certificate. */
    public static AuditReport judged(AuditReport raw, boolean signedByTrusted) {
        return signedByTrusted ? raw.accepting() : raw;
    }

    /** One finding as a reason a person can act on: what, where, and what to do. */
    static String reason(AuditFinding f) {
        String where = f.className() == null ? "" : " in " + f.className() + (f.method() == null ? "" : "." + f.method());
        String detail = f.detail() == null || f.detail().isEmpty() ? "" : " (" + f.detail() + ")";
        String fix = f.capability() == null ? "remove it from the plugin"
                : "declare " + f.capability() + " in NexCage-Capabilities or remove the call";
        return "audit: " + f.rule() + where + detail + "; " + fix;
    }
}
