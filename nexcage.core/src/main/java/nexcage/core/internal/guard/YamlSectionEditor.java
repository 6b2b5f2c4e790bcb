package nexcage.core.internal.guard;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the {@code config} map of {@code plugins.NAME} in the text of a config.yaml and leaves
 * every other line as the user wrote it, comments included: adds {@code plugins:} and the plugin's
 * section when they are missing, and may keep an entry's old lines as they were (a secret the
 * caller only saw masked). Works on block-style YAML, which is how config.yaml is written; a
 * section written in flow style ({@code {...}}) on one line is refused with a sentence. OSGi-free.
 */
final class YamlSectionEditor {
    private static final Pattern KEY_LINE = Pattern.compile(
            "(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^']|'')*'|[^\\s#'\"\\-][^:#]*?|-[^\\s:#][^:#]*?)\\s*:(?:\\s+(.*))?");
    /** What may follow a key on its line when its value is the block below (or empty). */
    private static final Pattern EMPTY_INLINE = Pattern.compile("(?:~|null|\\{\\s*\\})?\\s*(?:#.*)?");

    private final List<String> lines;
    private final int step;

    private YamlSectionEditor(String text) {
        this.lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        this.step = detectStep();
    }

    /**
     * The text with {@code plugins.PLUGIN.config} replaced by {@code config} (its entries in the
     * map's order); for the keys in {@code keepOld} that the old section had, the old lines stay.
     */
    static String replacePluginConfig(String text, String plugin, Map<String, ?> config, Set<String> keepOld) {
        boolean crlf = text.contains("\r\n");
        YamlSectionEditor e = new YamlSectionEditor(crlf ? text.replace("\r\n", "\n") : text);
        e.replace(plugin, config, keepOld);
        String out = String.join("\n", e.lines) + "\n";
        return crlf ? out.replace("\n", "\r\n") : out;
    }

    private void replace(String plugin, Map<String, ?> config, Set<String> keepOld) {
        int plugins = section(-1, "plugins", 0, lines.size(), 0);
        int pluginsEnd = blockEnd(plugins, 0);
        int childIndent = childIndent(plugins, pluginsEnd, step);
        int section = section(plugins, plugin, plugins + 1, pluginsEnd, childIndent);
        int sectionEnd = blockEnd(section, childIndent);
        int configIndent = childIndent(section, sectionEnd, childIndent + step);
        int configLine = section(section, "config", section + 1, sectionEnd, configIndent);
        int configEnd = blockEnd(configLine, configIndent);
        int entryIndent = childIndent(configLine, configEnd, configIndent + step);
        Map<String, List<String>> old = entries(configLine + 1, configEnd, entryIndent);
        List<String> block = new ArrayList<>();
        for (Map.Entry<String, ?> e : config.entrySet()) {
            if (keepOld.contains(e.getKey()) && old.containsKey(e.getKey())) {
                block.addAll(old.get(e.getKey()));
            } else {
                render(block, entryIndent, e.getKey(), e.getValue(), "plugins." + plugin + ".config." + e.getKey());
            }
        }
        int last = lastContent(configLine, configEnd);
        for (int i = last; i > configLine; i--) {
            lines.remove(i);
        }
        if (block.isEmpty()) {
            lines.set(configLine, lines.get(configLine).replaceFirst(":(\\s|$)", ": {}$1"));
        }
        lines.addAll(configLine + 1, block);
    }

    /**
     * The line of {@code key} at {@code indent} within [from, to) of the block of {@code parent}
     * (-1: the top level); when there is none it is added after the block's last line and its line
     * returned. A key whose value is written on its own line in flow style is refused.
     */
    private int section(int parent, String key, int from, int to, int indent) {
        for (int i = from; i < to; i++) {
            String l = lines.get(i);
            if (indentOf(l) != indent || !content(l)) {
                continue;
            }
            Matcher m = KEY_LINE.matcher(l.substring(indent));
            if (m.matches() && unquote(m.group(1)).equals(key)) {
                String inline = m.group(2) == null ? "" : m.group(2);
                if (!EMPTY_INLINE.matcher(inline).matches()) {
                    throw new IllegalArgumentException("config.yaml line " + (i + 1) + " writes " + path(parent, key)
                            + " on one line; write it as a block of key: value lines so NexCage can change it");
                }
                if (!inline.isBlank() && !inline.strip().startsWith("#")) {
                    lines.set(i, " ".repeat(indent) + m.group(1) + ":"); // ~, null or {} gives way to the block
                }
                return i;
            }
        }
        int at = parent < 0 ? lines.size() : lastContent(parent, to) + 1;
        lines.add(at, " ".repeat(indent) + YamlScalars.key(key) + ":");
        return at;
    }

    private String path(int parent, String key) {
        return parent < 0 ? key : "the section '" + key + "'";
    }

    /** The end (exclusive) of the block below the key at {@code line}: the next line at its indent or less (a "- " item at its indent is in it). */
    private int blockEnd(int line, int indent) {
        for (int i = line + 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!content(l)) {
                continue;
            }
            int in = indentOf(l);
            if (in < indent || in == indent && !l.startsWith("-", in)) {
                return i;
            }
        }
        return lines.size();
    }

    /** The last line of the block that is not blank or a comment (a comment after it may be about what follows). */
    private int lastContent(int line, int end) {
        int last = line;
        for (int i = line + 1; i < end; i++) {
            if (content(lines.get(i))) {
                last = i;
            }
        }
        return last;
    }

    private int childIndent(int line, int end, int dflt) {
        for (int i = line + 1; i < end; i++) {
            if (content(lines.get(i))) {
                return indentOf(lines.get(i));
            }
        }
        return dflt;
    }

    /** The entries of a config block by their key, each with its lines (a list written at the key's indent included). */
    private Map<String, List<String>> entries(int from, int to, int indent) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        for (int i = from; i < to; i++) {
            String l = lines.get(i);
            if (content(l) && indentOf(l) == indent && !l.startsWith("-", indent)) {
                Matcher m = KEY_LINE.matcher(l.substring(indent));
                current = new ArrayList<>();
                if (m.matches()) {
                    out.put(unquote(m.group(1)), current);
                }
            }
            if (current != null) {
                current.add(l);
            }
        }
        // trailing blank or comment lines belong to what follows, not to the last entry
        out.values().forEach(ls -> {
            while (ls.size() > 1 && !content(ls.get(ls.size() - 1))) {
                ls.remove(ls.size() - 1);
            }
        });
        return out;
    }

    private void render(List<String> out, int indent, String key, Object value, String where) {
        String pad = " ".repeat(indent) + YamlScalars.key(key) + ":";
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.add(pad + " {}");
                return;
            }
            out.add(pad);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                render(out, indent + step, String.valueOf(e.getKey()), e.getValue(), where + "." + e.getKey());
            }
            return;
        }
        List<?> list = asList(value);
        if (list == null) {
            out.add(pad + " " + YamlScalars.value(value, where));
            return;
        }
        out.add(pad + (list.isEmpty() ? " []" : ""));
        for (int i = 0; i < list.size(); i++) {
            out.add(" ".repeat(indent + step) + "- " + flow(list.get(i), where + "[" + i + "]"));
        }
    }

    /** A list item: a scalar, or a nested map or list in flow style. */
    private static String flow(Object v, String where) {
        if (v instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, x) -> parts.add(YamlScalars.key(String.valueOf(k)) + ": " + flow(x, where + "." + k)));
            return "{" + String.join(", ", parts) + "}";
        }
        List<?> list = asList(v);
        if (list != null) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                parts.add(flow(list.get(i), where + "[" + i + "]"));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        return YamlScalars.value(v, where);
    }

    private static List<?> asList(Object v) {
        if (v instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (v != null && v.getClass().isArray()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) {
                out.add(Array.get(v, i));
            }
            return out;
        }
        return null;
    }

    private int detectStep() {
        for (String l : lines) {
            if (content(l) && indentOf(l) > 0) {
                return indentOf(l);
            }
        }
        return 2;
    }

    private static boolean content(String l) {
        String t = l.strip();
        return !t.isEmpty() && !t.startsWith("#");
    }

    private static int indentOf(String l) {
        int i = 0;
        while (i < l.length() && l.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static String unquote(String k) {
        if (k.length() >= 2 && k.startsWith("\"") && k.endsWith("\"")) {
            return k.substring(1, k.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        if (k.length() >= 2 && k.startsWith("'") && k.endsWith("'")) {
            return k.substring(1, k.length() - 1).replace("''", "'");
        }
        return k;
    }
}
