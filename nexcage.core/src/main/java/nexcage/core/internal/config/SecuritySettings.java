package nexcage.core.internal.config;

import java.util.Locale;

/**
 * {@code runtime.security} (DESIGN §5): what a capability violation does, how many a plugin may
 * make before it is disabled, whether plugin files are audited when they are installed, and the
 * sandbox's policy: every unsigned plugin sandboxed, a sandbox that is incomplete on this host
 * refused, and how often a dead child is restarted.
 */
public record SecuritySettings(OnViolation onViolation, long maxViolations, AuditMode audit, boolean sandboxUnsigned,
        boolean requireSandbox, int sandboxRestarts) {

    public static final int DEFAULT_SANDBOX_RESTARTS = 3;

    public static final SecuritySettings DEFAULTS = new SecuritySettings(OnViolation.LOG, 100, AuditMode.WARN);

    /** Settings with the sandbox's defaults. */
    public SecuritySettings(OnViolation onViolation, long maxViolations, AuditMode audit) {
        this(onViolation, maxViolations, audit, false, false, DEFAULT_SANDBOX_RESTARTS);
    }

    /** {@code on_violation}: log each violation, or disable the plugin at its first. */
    public enum OnViolation {
        LOG, DISABLE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code audit}: none at install, log the high findings, or reject a plugin that has one. */
    public enum AuditMode {
        OFF, WARN, ENFORCE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
