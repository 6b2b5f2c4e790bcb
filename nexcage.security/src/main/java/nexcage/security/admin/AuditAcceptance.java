package nexcage.security.admin;

import java.util.List;

/**
 * One clause of a plugin's {@code NexCage-Audit-Accept} header: its author accepts the findings of
 * {@code rule} (one of what no plugin may do, about bytecode) in classes of {@code packages}
 * (package names, each covering its subpackages too) for {@code reason}. The audit only records it;
 * {@link AuditReport#accepting()} applies it, for a plugin file whose signature is trusted.
 */
public record AuditAcceptance(String rule, List<String> packages, String reason) {
    public AuditAcceptance {
        packages = List.copyOf(packages);
    }

    /** True when {@code finding} is of this rule and no capability, in a class of one of the packages. */
    public boolean covers(AuditFinding finding) {
        if (finding.capability() != null || finding.className() == null || !rule.equals(finding.rule())) {
            return false;
        }
        String className = finding.className();
        int dot = className.lastIndexOf('.');
        String pkg = dot < 0 ? "" : className.substring(0, dot);
        return packages.stream().anyMatch(p -> pkg.equals(p) || pkg.startsWith(p + "."));
    }
}
