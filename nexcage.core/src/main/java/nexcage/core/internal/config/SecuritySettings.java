package nexcage.core.internal.config;

import java.util.Locale;

/**
 * {@code runtime.security} (DESIGN §5): what a capability violation does, how many a plugin may
 * make before it is disabled, and whether plugin files are audited when they are installed.
 */
public record SecuritySettings(OnViolation onViolation, long maxViolations, AuditMode audit) {

    public static final SecuritySettings DEFAULTS = new SecuritySettings(OnViolation.LOG, 100, AuditMode.WARN);

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
