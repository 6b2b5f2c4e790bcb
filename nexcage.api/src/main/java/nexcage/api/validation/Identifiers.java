package nexcage.api.validation;

import static nexcage.api.validation.Checks.*;
import static nexcage.api.validation.Shown.*;

/** The rule of container ids and plugin names, and the valid name a message suggests. */
final class Identifiers {

    private Identifiers() {
    }

    static String check(String what, String id, int max, String example) {
        requireNotEmpty(what, id, "give 1 to " + max + " letters, digits, '.', '_' or '-', e.g. '" + example + "'");
        requireMaxLength(what, id, max, "shorten it");
        int bad = firstNotIn(id, Identifiers::isIdChar);
        if (bad >= 0) {
            throw new ValidationException(ValidationErrorKind.INVALID_CHARACTERS,
                    what + " " + show(id) + " contains " + describeAt(id, bad)
                            + ", but only letters, digits, '.', '_' and '-' are allowed; rename it, e.g. "
                            + show(suggestIdentifier(id, max, example)));
        }
        if (!isAsciiLetterOrDigit(id.charAt(0)) || !isAsciiLetterOrDigit(id.charAt(id.length() - 1))) {
            throw new ValidationException(ValidationErrorKind.INVALID_CONTAINER_ID,
                    what + " " + show(id) + " must start and end with a letter or digit; rename it, e.g. "
                            + show(suggestIdentifier(id, max, example)));
        }
        return id;
    }

    /** A valid identifier close to {@code id}: bad characters become '-', bad ends are cut. */
    private static String suggestIdentifier(String id, int max, String fallback) {
        StringBuilder b = new StringBuilder();
        id.codePoints().forEach(cp -> b.append(cp < 128 && isIdChar((char) cp) ? (char) cp : '-'));
        String s = b.length() > max ? b.substring(0, max) : b.toString();
        int start = 0;
        int end = s.length();
        while (start < end && !isAsciiLetterOrDigit(s.charAt(start))) {
            start++;
        }
        while (end > start && !isAsciiLetterOrDigit(s.charAt(end - 1))) {
            end--;
        }
        return start < end ? s.substring(start, end) : fallback;
    }

    private static boolean isIdChar(char c) {
        return isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '-';
    }
}
