package nexcage.api.validation;

/**
 * How an input appears in a message: quoted, escaped and shortened, so every message stays one
 * line that is safe to log (see {@link Validation}).
 */
final class Shown {

    /** How many characters of an input a message shows at most (the {@code "..."} included). */
    static final int SHOWN = 40;

    private Shown() {
    }

    /** E.g. {@code "'@' at index 4"}, {@code "a space at index 4"}, {@code "a newline ('\n') at index 1"}. */
    static String describeAt(String s, int index) {
        int cp = s.codePointAt(index);
        String name;
        switch (cp) {
            case ' ': name = "a space"; break;
            case '\n': name = "a newline ('\\n')"; break;
            case '\r': name = "a carriage return ('\\r')"; break;
            case '\t': name = "a tab ('\\t')"; break;
            case 0: name = "a NUL character ('\\0')"; break;
            default: name = "'" + escape(cp) + "'"; break;
        }
        return name + " at index " + index;
    }

    /**
     * {@code value} for a message: in single quotes, escaped, and shortened to at most
     * {@value #SHOWN} characters between the quotes (ending in {@code "..."} when shortened).
     */
    static String show(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(SHOWN + 2);
        int roomForDots = 0; // the longest prefix of out that still leaves room for "..."
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            String piece = escape(cp);
            if (out.length() + piece.length() > SHOWN) {
                out.setLength(roomForDots);
                return "'" + out + "...'";
            }
            out.append(piece);
            if (out.length() <= SHOWN - 3) {
                roomForDots = out.length();
            }
            i += Character.charCount(cp);
        }
        return "'" + out + "'";
    }

    /** One code point as shown in messages: control, format and separator characters and '\' escaped. */
    static String escape(int cp) {
        switch (cp) {
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            case '\b': return "\\b";
            case '\f': return "\\f";
            case 0: return "\\0";
            case '\\': return "\\\\";
            default: break;
        }
        int type = Character.getType(cp);
        boolean invisible = Character.isISOControl(cp)
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE
                || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE;
        if (!invisible) {
            return new String(Character.toChars(cp));
        }
        StringBuilder b = new StringBuilder();
        for (char c : Character.toChars(cp)) {
            b.append(String.format("\\u%04X", (int) c));
        }
        return b.toString();
    }
}
