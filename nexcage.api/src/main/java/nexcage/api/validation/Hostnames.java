package nexcage.api.validation;

import static nexcage.api.validation.Checks.*;
import static nexcage.api.validation.Shown.*;

/** The hostname rule, shared by {@link Validation#hostname} and the domain of an email address. */
final class Hostnames {
    /** Most characters of a hostname (a trailing dot included). */
    private static final int MAX_HOSTNAME = 253;
    /** Most characters of one hostname label. */
    private static final int MAX_HOSTNAME_LABEL = 63;

    private Hostnames() {
    }

    /** The exception for {@code host} breaking the hostname rule, or null; messages start with {@code subject}. */
    static ValidationException problem(String subject, String host) {
        if (host == null || host.isEmpty()) {
            return new ValidationException(ValidationErrorKind.EMPTY_INPUT,
                    subject + " is " + (host == null ? "missing" : "empty") + "; give a host name, e.g. 'example.com'");
        }
        if (host.length() > MAX_HOSTNAME) {
            return new ValidationException(ValidationErrorKind.INPUT_TOO_LONG,
                    subject + " has " + host.length() + " characters, more than the " + MAX_HOSTNAME
                            + " allowed; use a shorter name");
        }
        int bad = firstNotIn(host, c -> isAsciiLetterOrDigit(c) || c == '-' || c == '.');
        if (bad >= 0) {
            return new ValidationException(ValidationErrorKind.INVALID_CHARACTERS,
                    subject + " contains " + describeAt(host, bad)
                            + ", but only letters, digits, '-' and '.' are allowed; remove or replace it");
        }
        String body = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (body.isEmpty()) {
            return new ValidationException(ValidationErrorKind.INVALID_HOSTNAME,
                    subject + " has no labels; give a name such as 'example.com'");
        }
        String[] labels = body.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (label.isEmpty()) {
                String problem = i == 0 ? "starts with a dot, which leaves an empty label; remove the leading dot"
                        : "has two dots in a row, which leaves an empty label; remove the extra dot";
                return new ValidationException(ValidationErrorKind.INVALID_HOSTNAME, subject + " " + problem);
            }
            if (label.length() > MAX_HOSTNAME_LABEL) {
                return new ValidationException(ValidationErrorKind.INVALID_HOSTNAME,
                        subject + " has a label of " + label.length() + " characters (" + show(label)
                                + "), more than the " + MAX_HOSTNAME_LABEL + " allowed per label; shorten it or split it with dots");
            }
            if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                return new ValidationException(ValidationErrorKind.INVALID_HOSTNAME,
                        subject + " has the label " + show(label)
                                + " that starts or ends with '-'; labels must start and end with a letter or digit");
            }
        }
        return null;
    }
}
