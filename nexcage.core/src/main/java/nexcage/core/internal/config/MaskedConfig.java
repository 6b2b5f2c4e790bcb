package nexcage.core.internal.config;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plugin's configuration as output shows it (DESIGN §7): secrets and values from {@code ${...}} masked. */
final class MaskedConfig {

    private MaskedConfig() {
    }

    /** The section's values, as delivered where they were, with every secret masked. */
    static Map<String, Object> of(ConfigDocument.PluginSection s, Map<String, Object> delivered) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (s == null) {
            return out;
        }
        for (Map.Entry<String, Node> e : s.config().entrySet()) {
            boolean fromEnv = e.getValue() instanceof Node.Scalar sc && sc.fromEnv()
                    || e.getValue() instanceof Node.ListNode l && l.items().stream().anyMatch(i -> i instanceof Node.Scalar sc && sc.fromEnv());
            Object v = delivered.getOrDefault(e.getKey(), plain(e.getValue()));
            out.put(e.getKey(), v != null && v.getClass().isArray() ? maskArray(e.getKey(), v, fromEnv)
                    : Secrets.mask(e.getKey(), v, fromEnv));
        }
        return out;
    }

    /** Each instance's values as {@link #of} shows a section's. */
    static Map<String, Map<String, Object>> instances(ConfigDocument.PluginSection s, Map<String, Map<String, Object>> delivered) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (ConfigDocument.Instance i : s.instances().values()) {
            out.put(i.name(), of(new ConfigDocument.PluginSection(i.name(), null, i.config(), i.line(), i.column()),
                    delivered.getOrDefault(i.name(), Map.of())));
        }
        return out;
    }

    private static Object maskArray(String key, Object array, boolean fromEnv) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < Array.getLength(array); i++) {
            out.add(Secrets.mask(key, Array.get(array, i), fromEnv));
        }
        return out;
    }

    private static Object plain(Node n) {
        if (n instanceof Node.Scalar s) {
            return s.value();
        }
        if (n instanceof Node.ListNode l) {
            List<Object> out = new ArrayList<>();
            l.items().forEach(i -> out.add(plain(i)));
            return out;
        }
        return null;
    }
}
