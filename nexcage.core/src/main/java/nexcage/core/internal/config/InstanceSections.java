package nexcage.core.internal.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import nexcage.api.validation.Validation;
import nexcage.api.validation.ValidationException;

/**
 * {@code plugins.NAME.instances}: named instances of a plugin's service (e.g. backends on several
 * engines), each a map of values. A value may be one map deep ({@code tls: {ca: X, cert: Y}}),
 * flattened to dotted keys ({@code tls.ca}) since ConfigAdmin holds no nested maps; an instance name
 * follows the plugin-name rule, so it can name a backend and a factory configuration.
 */
final class InstanceSections {
    private InstanceSections() {
    }

    static Map<String, ConfigDocument.Instance> read(Path file, String path, Node node) throws ConfigException {
        if (node instanceof Node.Scalar s && s.value() == null) {
            return Map.of();
        }
        Node.MapNode m = ConfigDocument.map(file, node, path);
        Map<String, ConfigDocument.Instance> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : m.entries().entrySet()) {
            int[] at = m.keyPositions().get(e.getKey());
            try {
                Validation.pluginName(e.getKey());
            } catch (ValidationException ex) {
                throw new ConfigException(file, at[0], at[1], path + "." + e.getKey() + ": instance name " + ex.getMessage());
            }
            String where = path + "." + e.getKey();
            Map<String, Node> values = new LinkedHashMap<>();
            if (!(e.getValue() instanceof Node.Scalar s && s.value() == null)) {
                Node.MapNode vm = ConfigDocument.map(file, e.getValue(), where);
                for (Map.Entry<String, Node> v : vm.entries().entrySet()) {
                    flatten(file, where, v.getKey(), v.getValue(), values);
                }
            }
            out.put(e.getKey(), new ConfigDocument.Instance(e.getKey(), values, at[0], at[1]));
        }
        return out;
    }

    private static void flatten(Path file, String where, String key, Node value, Map<String, Node> out) throws ConfigException {
        if (value instanceof Node.MapNode inner) {
            for (Map.Entry<String, Node> v : inner.entries().entrySet()) {
                String dotted = key + "." + v.getKey();
                ConfigDocument.checkConfigValue(file, where + "." + dotted, v.getValue());
                out.put(dotted, v.getValue());
            }
            return;
        }
        ConfigDocument.checkConfigValue(file, where + "." + key, value);
        out.put(key, value);
    }

    /** An instance name used by two plugins would be two backends (or services) of one name. */
    static void checkUnique(Path file, Map<String, ConfigDocument.PluginSection> plugins) throws ConfigException {
        Map<String, String> owner = new LinkedHashMap<>();
        for (ConfigDocument.PluginSection p : plugins.values()) {
            for (ConfigDocument.Instance i : p.instances().values()) {
                String before = owner.putIfAbsent(i.name(), p.name());
                if (before != null) {
                    throw new ConfigException(file, i.line(), i.column(), "plugins." + p.name() + ".instances." + i.name()
                            + ": plugin " + before + " declares an instance of that name already; give one of them another name");
                }
            }
        }
    }

    /** LINE:COLUMN of the instance a plugin's refusal names first ({@code instances.KEY...}), else of the plugin's section. */
    static String where(ConfigDocument.PluginSection s, String refusal) {
        for (ConfigDocument.Instance i : s.instances().values()) {
            String named = "instances." + i.name();
            if (refusal.startsWith(named + ".") || refusal.startsWith(named + ":") || refusal.startsWith(named + " ")) {
                return i.line() + ":" + i.column();
            }
        }
        return s.line() + ":" + s.column();
    }
}
