package nexcage.api.validation;

import static nexcage.api.validation.Checks.*;
import static nexcage.api.validation.Shown.*;

/** The memory size and CPU spec rules: numbers a user writes as text. */
final class Quantities {
    /** Most characters of a memory size. */
    private static final int MAX_MEMORY_SPEC = 16;
    /** Most characters of a CPU spec. */
    private static final int MAX_CPU_SPEC = 16;

    private Quantities() {
    }

    static long memorySize(String spec) {
        String what = "memory size";
        requireNotEmpty(what, spec, "give a number of bytes with an optional unit B, K, M or G, e.g. '512M'");
        requireMaxLength(what, spec, MAX_MEMORY_SPEC, "use a larger unit, e.g. '2G' rather than '2147483648'");
        char last = spec.charAt(spec.length() - 1);
        long unit = unitOf(last);
        String digits = unit == 0 ? spec : spec.substring(0, spec.length() - 1);
        if (digits.isEmpty()) {
            throw new ValidationException(ValidationErrorKind.INVALID_CHARACTERS,
                    what + " " + show(spec) + " has a unit but no number; put the number before the unit, e.g. '512"
                            + last + "'");
        }
        int bad = firstNotIn(digits, c -> c >= '0' && c <= '9');
        if (bad >= 0) {
            throw new ValidationException(ValidationErrorKind.INVALID_CHARACTERS,
                    what + " " + show(spec) + " contains " + describeAt(spec, bad)
                            + ", but only digits followed by an optional unit B, K, M or G are allowed; write e.g. '512M'");
        }
        long number = Long.parseLong(digits); // at most 16 digits: always fits
        try {
            return Math.multiplyExact(number, unit == 0 ? 1 : unit);
        } catch (ArithmeticException overflow) {
            throw new ValidationException(ValidationErrorKind.INPUT_TOO_LONG,
                    what + " " + show(spec) + " is more than " + Long.MAX_VALUE
                            + " bytes, the most that can be represented; give a smaller size");
        }
    }

    /** The multiplier of a unit character, or 0 if {@code c} is no unit. */
    private static long unitOf(char c) {
        switch (c) {
            case 'B': case 'b': return 1L;
            case 'K': case 'k': return 1024L;
            case 'M': case 'm': return 1024L * 1024;
            case 'G': case 'g': return 1024L * 1024 * 1024;
            default: return 0;
        }
    }

    static double cpuSpec(String spec) {
        String what = "cpu spec";
        String fix = "write a number from 0 to 100, e.g. '50' or '0.5'";
        requireNotEmpty(what, spec, fix);
        requireMaxLength(what, spec, MAX_CPU_SPEC, fix);
        boolean negative = spec.charAt(0) == '-' && isPlainDecimal(spec.substring(1));
        if (negative) {
            throw new ValidationException(ValidationErrorKind.INVALID_CHARACTERS,
                    what + " " + show(spec) + " is negative; " + fix);
        }
        if (!isPlainDecimal(spec)) {
            throw new ValidationException(ValidationErrorKind.INVALID_CHARACTERS,
                    what + " " + show(spec) + " is not a plain decimal number; " + fix);
        }
        double value = Double.parseDouble(spec);
        if (Double.isNaN(value) || value < 0 || value > 100) {
            throw new ValidationException(ValidationErrorKind.INVALID_CHARACTERS,
                    what + " " + show(spec) + " is outside the range 0 to 100; " + fix);
        }
        return value;
    }

    /** {@code digits[.digits]} or {@code .digits}, ASCII only. */
    private static boolean isPlainDecimal(String s) {
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        String fraction = dot < 0 ? null : s.substring(dot + 1);
        if (whole.isEmpty() && (fraction == null || fraction.isEmpty())) {
            return false;
        }
        if (fraction != null && fraction.isEmpty()) {
            return false;
        }
        return allDigits(whole) && (fraction == null || allDigits(fraction));
    }
}
