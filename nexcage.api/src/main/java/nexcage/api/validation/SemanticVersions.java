package nexcage.api.validation;

import static nexcage.api.validation.Checks.*;
import static nexcage.api.validation.Shown.*;

/** Semantic versions {@code M.m.p} as plugin metadata gives them. */
final class SemanticVersions {

    private SemanticVersions() {
    }

    /** Whether {@code provided} satisfies {@code required} (see {@link Validation#versionCompatible}). */
    static boolean compatible(String provided, String required) {
        int[] p = parse("provided version", provided);
        int[] r = parse("required version", required);
        if (p[0] != r[0]) {
            return false;
        }
        return p[1] > r[1] || (p[1] == r[1] && p[2] >= r[2]);
    }

    private static int[] parse(String what, String v) {
        String fix = "write three whole numbers separated by dots, e.g. '1.0.0'";
        requireNotEmpty(what, v, fix);
        String[] parts = v.split("\\.", -1);
        if (parts.length != 3) {
            throw new ValidationException(ValidationErrorKind.INVALID_METADATA,
                    what + " " + show(v) + " has " + parts.length + " dot-separated part" + (parts.length == 1 ? "" : "s")
                            + " instead of the 3 of a semantic version M.m.p; " + fix);
        }
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            String part = parts[i];
            boolean wellFormed = !part.isEmpty() && allDigits(part) && (part.length() == 1 || part.charAt(0) != '0');
            if (!wellFormed) {
                throw new ValidationException(ValidationErrorKind.INVALID_METADATA,
                        what + " " + show(v) + " has " + show(part) + " as part " + (i + 1)
                                + ", which is not a whole number without sign or leading zeros; " + fix);
            }
            try {
                out[i] = Integer.parseInt(part);
            } catch (NumberFormatException tooLarge) {
                throw new ValidationException(ValidationErrorKind.INVALID_METADATA,
                        what + " " + show(v) + " has part " + (i + 1) + " larger than " + Integer.MAX_VALUE
                                + "; " + fix);
            }
        }
        return out;
    }
}
