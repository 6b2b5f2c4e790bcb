package nexcage.core.internal.guard;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Values written as YAML scalars that read back as the same value and type: a string is left plain
 * only when no YAML reader could take it for something else (a number, a boolean, null, a
 * comment, a flow collection), else it is double-quoted with escapes.
 */
final class YamlScalars {
    private static final Pattern PLAIN_TEXT = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./@+-]*");
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    /** YAML 1.1 and 1.2 read these (in any case) as booleans or null. */
    private static final Set<String> SPECIAL = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");

    private YamlScalars() {
    }

    /** A key as written before its colon. */
    static String key(String key) {
        return PLAIN_KEY.matcher(key).matches() && !special(key) ? key : quoted(key);
    }

    /** A scalar value; anything that is not text, a number or a boolean throws, naming {@code where}. */
    static String value(Object v, String where) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            return decimal(((Number) v).doubleValue());
        }
        if (v instanceof String || v instanceof Character) {
            String s = v.toString();
            return PLAIN_TEXT.matcher(s).matches() && !special(s) ? s : quoted(s);
        }
        throw new IllegalArgumentException(where + " is a " + v.getClass().getSimpleName()
                + ", which config.yaml cannot hold; use text, a number, true or false, or a list of them");
    }

    private static String decimal(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        // plain digits with a point: 1.0E10 without a sign in its exponent is text to a YAML 1.1 reader
        String s = BigDecimal.valueOf(d).toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    private static boolean special(String s) {
        return SPECIAL.contains(s.toLowerCase(Locale.ROOT));
    }

    static String quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
