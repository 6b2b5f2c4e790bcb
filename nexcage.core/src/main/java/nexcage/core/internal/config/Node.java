package nexcage.core.internal.config;

import java.util.List;
import java.util.Map;

/** A YAML value with the line and column it was written at, so every error can point there. */
public sealed interface Node {
    int line();

    int column();

    /** A mapping, in the file's order. */
    record MapNode(Map<String, Node> entries, Map<String, int[]> keyPositions, int line, int column) implements Node {
    }

    record ListNode(List<Node> items, int line, int column) implements Node {
    }

    /** A scalar: String, Long, Double, Boolean or null; {@code fromEnv} when a ${...} gave (part of) it. */
    record Scalar(Object value, boolean fromEnv, int line, int column) implements Node {
    }
}
