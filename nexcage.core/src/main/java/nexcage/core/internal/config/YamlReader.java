package nexcage.core.internal.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads config.yaml with Jackson's YAML parser into {@link Node}s that remember where each value
 * was written, and substitutes {@code ${VAR}} and {@code ${VAR:-default}} from the environment
 * (an unset variable without default is an error naming it, with its position). Whatever the file
 * holds, reading it ends in a Node or a ConfigException: its size, its lines and values
 * ({@link ConfigText}) and its nesting are capped, and aliases are refused where they are.
 */
public final class YamlReader {
    /** config.yaml nests six levels at most; the cap also bounds the recursion in {@link #value}. */
    static final int MAX_DEPTH = 32;
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            // a backstop only: MAX_DEPTH is checked first, where the position of the bracket is known
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2 * MAX_DEPTH).build())
            // on by default in new YAMLFactory() but not in its builder: an empty value stays null
            .enable(com.fasterxml.jackson.dataformat.yaml.YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\\}");

    private final Path file;
    private final Function<String, String> env;

    public YamlReader(Path file, Function<String, String> env) {
        this.file = file;
        this.env = env;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        // the streaming parser never builds alias trees (aliases are refused below); these guard the rest
        o.setCodePointLimit(ConfigText.MAX_FILE_BYTES);
        o.setMaxAliasesForCollections(0);
        o.setNestingDepthLimit(MAX_DEPTH);
        o.setAllowRecursiveKeys(false);
        return o;
    }

    public Node read() throws ConfigException, IOException {
        String text = ConfigText.read(file);
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new Node.MapNode(new LinkedHashMap<>(), new LinkedHashMap<>(), 1, 1);
            }
            return value(p, 1);
        } catch (JsonProcessingException e) {
            // SnakeYAML knows what is wrong and where; Jackson's own message and location give the context only
            if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblemMark() != null) {
                org.yaml.snakeyaml.error.Mark m = y.getProblemMark();
                throw new ConfigException(file, m.getLine() + 1, m.getColumn() + 1, "not valid YAML: " + y.getProblem()
                        + (y.getContext() == null ? "" : " (" + y.getContext() + ")") + "; fix the syntax there");
            }
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage().lines().findFirst().orElse("YAML syntax error");
            throw new ConfigException(file, l == null ? 1 : l.getLineNr(), l == null ? 1 : l.getColumnNr(),
                    "not valid YAML: " + msg + "; fix the syntax");
        }
    }

    private Node value(JsonParser p, int depth) throws IOException, ConfigException {
        JsonLocation l = p.currentTokenLocation();
        int line = l.getLineNr();
        int col = l.getColumnNr();
        if (depth > MAX_DEPTH && (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY)) {
            throw new ConfigException(file, line, col, "values nest more than " + MAX_DEPTH
                    + " levels deep here; a configuration value is a scalar or a list of scalars, so close the brackets before this one");
        }
        switch (p.currentToken()) {
            case START_OBJECT: {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, int[]> keys = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation kl = p.currentTokenLocation();
                    if (entries.containsKey(key)) {
                        throw new ConfigException(file, kl.getLineNr(), kl.getColumnNr(), "key '" + key + "' appears twice; keep one");
                    }
                    keys.put(key, new int[] {kl.getLineNr(), kl.getColumnNr()});
                    p.nextToken();
                    entries.put(key, value(p, depth + 1));
                }
                return new Node.MapNode(entries, keys, line, col);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p, depth + 1));
                }
                return new Node.ListNode(items, line, col);
            }
            case VALUE_STRING:
                if (p instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser y && y.isCurrentAlias()) {
                    throw new ConfigException(file, line, col, "the alias *" + p.getText()
                            + " is not supported; write the value itself here");
                }
                if (p.getTextLength() > ConfigText.MAX_LINE_CHARS) {
                    throw new ConfigException(file, line, col, "this value is " + p.getTextLength() + " characters long, over the "
                            + ConfigText.MAX_LINE_CHARS + " a value may hold; keep long values in files the plugins read and give their paths here");
                }
                return substitute(p.getText(), line, col);
            case VALUE_NUMBER_INT:
                return new Node.Scalar(p.getLongValue(), false, line, col);
            case VALUE_NUMBER_FLOAT:
                return new Node.Scalar(p.getDoubleValue(), false, line, col);
            case VALUE_TRUE:
                return new Node.Scalar(Boolean.TRUE, false, line, col);
            case VALUE_FALSE:
                return new Node.Scalar(Boolean.FALSE, false, line, col);
            case VALUE_NULL:
                return new Node.Scalar(null, false, line, col);
            default:
                throw new ConfigException(file, line, col, "unexpected " + p.currentToken() + "; write a map, a list or a value");
        }
    }

    private Node substitute(String text, int line, int col) throws ConfigException {
        Matcher m = VAR.matcher(text);
        if (!m.find()) {
            return new Node.Scalar(text, false, line, col);
        }
        StringBuilder out = new StringBuilder();
        m.reset();
        while (m.find()) {
            String value = env.apply(m.group(1));
            // as in the shell, ${VAR:-d} takes d when VAR is unset or empty
            if (value == null || value.isEmpty() && m.group(2) != null) {
                if (m.group(2) == null) {
                    throw new ConfigException(file, line, col, "environment variable " + m.group(1)
                            + " is not set; set it for the daemon, or write ${" + m.group(1) + ":-default}");
                }
                value = m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return new Node.Scalar(out.toString(), true, line, col);
    }
}
