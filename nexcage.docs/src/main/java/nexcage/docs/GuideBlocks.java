package nexcage.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of a Markdown guide, each with the marks written just above it as HTML
 * comments, which a rendered page does not show:
 * <ul>
 *   <li>{@code <!-- file: PATH -->}: the block is the whole of PATH (relative to the checkout);</li>
 *   <li>{@code <!-- excerpt: PATH -->}: the block appears word for word in PATH;</li>
 *   <li>{@code <!-- not run: REASON -->}: a shell block no test runs, and why;</li>
 *   <li>{@code <!-- pending: REASON -->}: a block whose feature is not built yet, for a guide written ahead of it (GuideMarksTest fails while one is left);</li>
 *   <li>{@code <!-- timeout: SECONDS -->}: a shell block that may take longer than usual.</li>
 * </ul>
 * A {@code text} block that follows a shell block with nothing but blank lines between is that
 * block's expected output ({@link ExpectedOutput}), not a block of its own.
 */
public final class GuideBlocks {
    private static final Pattern FENCE_OPEN = Pattern.compile("^( *)```([A-Za-z0-9_-]*)\\s*$");
    private static final Pattern FENCE_CLOSE = Pattern.compile("^ *```\\s*$");
    private static final Pattern MARK = Pattern.compile("^\\s*<!--\\s*([a-z][a-z ]*?)\\s*(?::\\s*(.*?))?\\s*-->\\s*$");

    /** One block: where it starts (the line of its opening fence, from 1), its language, its text and marks. */
    public record Block(Path source, int line, String language, String text, Map<String, String> marks, String expectedOutput) {
        public boolean marked(String key) {
            return marks.containsKey(key);
        }

        public String mark(String key) {
            return marks.get(key);
        }

        public boolean isShell() {
            return language.equals("bash") || language.equals("sh");
        }

        /** {@code PLUGIN-GUIDE.md:123}, for messages. */
        public String where() {
            return source.getFileName() + ":" + line;
        }
    }

    private GuideBlocks() {
    }

    /** The checkout the guide and its files are in: {@code -Dnexcage.root}, else the parent directory. */
    public static Path root() {
        return Path.of(System.getProperty("nexcage.root", "..")).toAbsolutePath().normalize();
    }

    /** The plugin guide of the checkout. */
    public static Path guide() {
        return root().resolve("docs/PLUGIN-GUIDE.md");
    }

    public static List<Block> read(Path guide) {
        try {
            return parse(guide, Files.readAllLines(guide, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Block> parse(Path source, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        Map<String, String> marks = new LinkedHashMap<>();
        boolean onlyBlankSinceShell = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher mark = MARK.matcher(line);
            Matcher open = FENCE_OPEN.matcher(line);
            if (mark.matches()) {
                marks.put(mark.group(1), mark.group(2) == null ? "" : mark.group(2));
                onlyBlankSinceShell = false;
            } else if (open.matches()) {
                int indent = open.group(1).length();
                StringBuilder text = new StringBuilder();
                int start = i + 1;
                for (i++; i < lines.size() && !FENCE_CLOSE.matcher(lines.get(i)).matches(); i++) {
                    String l = lines.get(i);
                    text.append(l.length() >= indent && l.substring(0, indent).isBlank() ? l.substring(indent) : l.strip()).append('\n');
                }
                if (i == lines.size()) {
                    throw new IllegalArgumentException(source.getFileName() + ":" + start + ": the code block is never closed");
                }
                String language = open.group(2);
                Block previous = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
                if (language.equals("text") && onlyBlankSinceShell && marks.isEmpty()) {
                    blocks.set(blocks.size() - 1, new Block(source, previous.line(), previous.language(), previous.text(),
                            previous.marks(), text.toString()));
                    onlyBlankSinceShell = false;
                } else {
                    Block b = new Block(source, start, language, text.toString(), Map.copyOf(marks), null);
                    blocks.add(b);
                    onlyBlankSinceShell = b.isShell();
                }
                marks.clear();
            } else if (!line.isBlank()) {
                marks.clear();
                onlyBlankSinceShell = false;
            }
        }
        return List.copyOf(blocks);
    }
}
