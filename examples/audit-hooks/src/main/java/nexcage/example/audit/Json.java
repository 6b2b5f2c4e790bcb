package nexcage.example.audit;

import java.util.Map;
import java.util.TreeMap;

/** Just enough JSON for one audit line: strings, booleans and a flat string map. */
final class Json {

    private Json() {
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Keys sorted, so equal events give equal lines. */
    static String object(Map<String, String> map) {
        StringBuilder b = new StringBuilder("{");
        new TreeMap<>(map).forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(quote(k)).append(':').append(quote(v)));
        return b.append('}').toString();
    }
}
