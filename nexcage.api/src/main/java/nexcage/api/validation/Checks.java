package nexcage.api.validation;

/** The checks every rule starts with, and the character tests the rules share. */
final class Checks {

    private Checks() {
    }

    interface CharTest {
        boolean ok(char c);
    }

    static void requireNotEmpty(String what, String value, String fix) {
        if (value == null) {
            throw new ValidationException(ValidationErrorKind.EMPTY_INPUT, what + " is missing (null); " + fix);
        }
        if (value.isEmpty()) {
            throw new ValidationException(ValidationErrorKind.EMPTY_INPUT, what + " is empty; " + fix);
        }
    }

    static void requireMaxLength(String what, String value, int max, String fix) {
        if (value.length() > max) {
            throw new ValidationException(ValidationErrorKind.INPUT_TOO_LONG,
                    what + " " + Shown.show(value) + " has " + value.length() + " characters, more than the " + max
                            + " allowed; " + fix);
        }
    }

    /** The index of the first char of {@code s} that fails {@code test}, or -1. */
    static int firstNotIn(String s, CharTest test) {
        for (int i = 0; i < s.length(); i++) {
            if (!test.ok(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static boolean allDigits(String s) {
        return firstNotIn(s, c -> c >= '0' && c <= '9') < 0;
    }
}
