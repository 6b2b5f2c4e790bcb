package nexcage.core.internal.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import nexcage.api.PluginHeaders;

/**
 * Delivers {@code plugins.NAME.instances.KEY} as the named factory configuration
 * {@code nexcage.plugin.NAME.instance~KEY} (the PID a Karaf user would write as a file name),
 * bound to the plugin's location like its own configuration. Only what changed is touched: an
 * added instance is created, a changed one updated, a removed one deleted, the others left as
 * they are (so their components are not restarted).
 */
final class InstanceDelivery {
    /** The property naming the instance in its configuration, besides the PID's suffix. */
    static final String INSTANCE_PROPERTY = "nexcage.instance";

    private final ConfigurationAdmin configAdmin;
    /** Per plugin, what was last delivered per instance. */
    private final Map<String, Map<String, Map<String, Object>>> delivered = new ConcurrentHashMap<>();

    InstanceDelivery(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /** The factory PID of a plugin's instances. */
    static String factoryPid(String plugin) {
        return PluginHeaders.configPid(plugin) + ".instance";
    }

    /** The instances of a plugin as last delivered (empty when none). */
    Map<String, Map<String, Object>> delivered(String plugin) {
        return delivered.getOrDefault(plugin, Map.of());
    }

    static boolean same(Map<String, Map<String, Object>> a, Map<String, Map<String, Object>> b) {
        return a.keySet().equals(b.keySet()) && a.keySet().stream().allMatch(k -> SectionDelivery.sameConfig(a.get(k), b.get(k)));
    }

    /** Untyped values, as the YAML wrote them (instances have no Metatype of their own). */
    static Map<String, Map<String, Object>> typed(ConfigDocument.PluginSection s) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (ConfigDocument.Instance i : s.instances().values()) {
            out.put(i.name(), PluginConfigTyping.untyped(i.config()));
        }
        return out;
    }

    /** Brings the plugin's instances to {@code wanted} (null: the plugin's section went); returns the instances touched. */
    List<String> apply(String plugin, Map<String, Map<String, Object>> wanted) throws IOException {
        Map<String, Map<String, Object>> now = new LinkedHashMap<>(delivered(plugin));
        Map<String, Map<String, Object>> target = wanted == null ? Map.of() : wanted;
        List<String> touched = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : target.entrySet()) {
            if (!SectionDelivery.sameConfig(now.get(e.getKey()), e.getValue())) {
                Dictionary<String, Object> d = new Hashtable<>();
                e.getValue().forEach(d::put);
                d.put(INSTANCE_PROPERTY, e.getKey());
                configuration(plugin, e.getKey()).updateIfDifferent(d);
                now.put(e.getKey(), e.getValue());
                touched.add(e.getKey());
            }
        }
        for (String gone : new ArrayList<>(now.keySet())) {
            if (!target.containsKey(gone)) {
                configuration(plugin, gone).delete();
                now.remove(gone);
                touched.add(gone);
            }
        }
        if (now.isEmpty()) {
            delivered.remove(plugin);
        } else {
            delivered.put(plugin, now);
        }
        return touched;
    }

    private Configuration configuration(String plugin, String instance) throws IOException {
        return configAdmin.getFactoryConfiguration(factoryPid(plugin), instance, PluginHeaders.LOCATION_PREFIX + plugin);
    }

    /**
     * What a plugin's checker is shown: its configuration and, for each instance, its values as
     * {@code instances.KEY.PROP}, so one call can judge the whole section (names clashing included).
     */
    static Map<String, Object> checkedView(Map<String, Object> config, Map<String, Map<String, Object>> instances) {
        if (instances.isEmpty()) {
            return config;
        }
        Map<String, Object> out = new LinkedHashMap<>(config);
        instances.forEach((name, values) -> values.forEach((k, v) -> out.put("instances." + name + "." + k, v)));
        return out;
    }
}
