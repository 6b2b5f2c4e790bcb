package nexcage.example.imagepolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The images an {@code allow} setting lets through: globs, '*' any run of characters, '?' one, the rest literal. */
final class ImageGlobs {
    private final List<Pattern> patterns;
    private final String text;

    private ImageGlobs(List<Pattern> patterns, String text) {
        this.patterns = patterns;
        this.text = text;
    }

    static ImageGlobs parse(String allow) {
        List<Pattern> patterns = new ArrayList<>();
        for (String glob : (allow == null ? "" : allow).split(",")) {
            String g = glob.trim();
            if (!g.isEmpty()) {
                patterns.add(Pattern.compile(regex(g)));
            }
        }
        return new ImageGlobs(List.copyOf(patterns), allow == null ? "" : allow.trim());
    }

    private static String regex(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return re.toString();
    }

    boolean allows(String image) {
        return image != null && patterns.stream().anyMatch(p -> p.matcher(image).matches());
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }
}
