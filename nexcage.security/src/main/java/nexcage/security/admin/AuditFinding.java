package nexcage.security.admin;

/**
 * One use the audit found. {@code rule} names what was found (e.g. {@code process_spawn},
 * {@code system_exit}); {@code capability} is the undeclared capability it needs, or null for what
 * no plugin may do; {@code className} and {@code method} say where (both null for a manifest
 * header); {@code detail} what exactly (the API called, the header).
 */
public record AuditFinding(String rule, String capability, AuditSeverity severity, String className, String method,
        String detail) {
}
