package nexcage.core.internal.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads config.yaml with Jackson's YAML parser into {@link Node}s that remember where each value
 * was written, and substitutes {@code ${VAR}} and {@code ${VAR:-default}} from the environment
 * (an unset variable without default is an error naming it, with its position).
 */
public final class YamlReader {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\\}");

    private final Path file;
    private final Function<String, String> env;

    public YamlReader(Path file, Function<String, String> env) {
        this.file = file;
        this.env = env;
    }

    public Node read() throws ConfigException, IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); JsonParser p = YAML.createParser(r)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new Node.MapNode(new LinkedHashMap<>(), new LinkedHashMap<>(), 1, 1);
            }
            return value(p);
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

    private Node value(JsonParser p) throws IOException, ConfigException {
        JsonLocation l = p.currentTokenLocation();
        int line = l.getLineNr();
        int col = l.getColumnNr();
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
                    entries.put(key, value(p));
                }
                return new Node.MapNode(entries, keys, line, col);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p));
                }
                return new Node.ListNode(items, line, col);
            }
            case VALUE_STRING:
                if (p instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser y && y.isCurrentAlias()) {
                    throw new ConfigException(file, line, col, "the alias *" + p.getText()
                            + " is not supported; write the value itself here");
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
