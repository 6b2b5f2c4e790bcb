package nexcage.api.validation;

import java.nio.charset.StandardCharsets;

import static nexcage.api.validation.Checks.*;
import static nexcage.api.validation.Shown.*;

/** The email address and URL rules. */
final class Addresses {
    /** Most characters of an email address. */
    private static final int MAX_EMAIL = 254;
    /** Most characters of the part of an email address before the {@code @}. */
    private static final int MAX_EMAIL_LOCAL = 64;
    /** Most characters of a URL. */
    private static final int MAX_URL = 2048;

    private static final String URL_EXTRA = "-._~:/?#[]@!$&'()*+,;=%";

    private Addresses() {
    }

    static String email(String s) {
        String what = "email";
        String example = "e.g. 'dev@example.com'";
        requireNotEmpty(what, s, "give an address such as 'dev@example.com'");
        requireMaxLength(what, s, MAX_EMAIL, "use a shorter address");
        String subject = what + " " + show(s);
        int at = s.indexOf('@');
        if (at < 0) {
            throw invalidEmail(subject + " has no '@'; write it as name@domain, " + example);
        }
        String local = s.substring(0, at);
        String domain = s.substring(at + 1);
        if (local.isEmpty()) {
            throw invalidEmail(subject + " has nothing before the '@'; put the mailbox name there, " + example);
        }
        if (local.length() > MAX_EMAIL_LOCAL) {
            throw invalidEmail(subject + " has " + local.length() + " characters before the '@', more than the "
                    + MAX_EMAIL_LOCAL + " allowed; use a shorter mailbox name");
        }
        int bad = firstNotIn(local, c -> isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '+' || c == '-');
        if (bad >= 0) {
            throw invalidEmail(subject + " contains " + describeAt(local, bad)
                    + " before the '@', where only letters, digits, '.', '_', '+' and '-' are allowed; remove it");
        }
        if (domain.isEmpty()) {
            throw invalidEmail(subject + " has nothing after the '@'; add the domain, " + example);
        }
        ValidationException e = Hostnames.problem("the domain " + show(domain) + " of " + subject, domain);
        if (e != null) {
            throw invalidEmail(e.getMessage());
        }
        return s;
    }

    private static ValidationException invalidEmail(String message) {
        return new ValidationException(ValidationErrorKind.INVALID_EMAIL, message);
    }

    static String url(String s) {
        String what = "url";
        requireNotEmpty(what, s, "give an http or https address, e.g. 'https://example.com'");
        requireMaxLength(what, s, MAX_URL, "use a shorter address");
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw new ValidationException(ValidationErrorKind.INVALID_URL,
                    what + " " + show(s) + " does not start with 'http://' or 'https://'; use an http or https address"
                            + " in lower case, e.g. 'https://example.com'");
        }
        int bad = firstNotIn(s, c -> isAsciiLetterOrDigit(c) || URL_EXTRA.indexOf(c) >= 0);
        if (bad >= 0) {
            throw new ValidationException(ValidationErrorKind.INVALID_URL,
                    what + " " + show(s) + " contains " + describeAt(s, bad)
                            + ", which is not allowed in a URL; percent-encode it as '" + percentEncode(s.codePointAt(bad))
                            + "' or remove it");
        }
        return s;
    }

    private static String percentEncode(int cp) {
        StringBuilder b = new StringBuilder();
        for (byte x : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
            b.append('%').append(String.format("%02X", x & 0xff));
        }
        return b.toString();
    }
}
