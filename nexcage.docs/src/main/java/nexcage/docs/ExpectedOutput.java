package nexcage.docs;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Output as a guide shows it, matched as Python's doctest does with ELLIPSIS: {@code ...} within a
 * line stands for any text, a line that is only {@code ...} for any number of lines, two or more
 * spaces for any run of spaces (tables align to their widest cell), and trailing spaces and blank
 * lines at the end do not count.
 */
public final class ExpectedOutput {
    private ExpectedOutput() {
    }

    public static boolean matches(String expected, String actual) {
        return pattern(expected).matcher(normalise(actual)).matches();
    }

    static Pattern pattern(String expected) {
        StringBuilder regex = new StringBuilder();
        List<String> lines = normalise(expected).lines().toList();
        boolean started = false;
        boolean needNewline = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.equals("...")) {
                boolean last = i == lines.size() - 1;
                // any whole lines; the newline that ends the line before belongs to them
                regex.append(last ? (started ? "(?:\\n[^\\n]*)*" : "[\\s\\S]*") : (started ? "\\n(?:[^\\n]*\\n)*?" : "(?:[^\\n]*\\n)*?"));
                needNewline = false;
                started = true;
                continue;
            }
            regex.append(needNewline ? "\\n" : "");
            String[] literal = line.split("\\.\\.\\.", -1);
            for (int j = 0; j < literal.length; j++) {
                regex.append(j == 0 ? "" : "[^\\n]*");
                String[] words = literal[j].split(" {2,}", -1);
                for (int k = 0; k < words.length; k++) {
                    regex.append(k == 0 ? "" : " +").append(Pattern.quote(words[k]));
                }
            }
            needNewline = true;
            started = true;
        }
        return Pattern.compile(regex.toString());
    }

    static String normalise(String text) {
        StringBuilder b = new StringBuilder();
        text.lines().forEach(l -> b.append(l.stripTrailing()).append('\n'));
        return b.toString().replaceAll("\\n+$", "");
    }
}
