package nexcage.security.admin;

import java.util.Locale;

/** How bad an audit finding is; a {@link #HIGH} one fails {@code plugin audit} and, under {@code enforce}, the install. */
public enum AuditSeverity {
    HIGH, MEDIUM, LOW;

    /** The word in output and JSON: {@code high}, {@code medium}, {@code low}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
