package nexcage.core.internal.config;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import nexcage.api.PluginHeaders;

/**
 * Delivers {@code plugins.NAME.config} as the ConfigAdmin configuration {@code nexcage.plugin.NAME},
 * bound to the plugin's location, and remembers what it delivered so that only a change is
 * delivered again (an unchanged configuration does not restart the plugin's components).
 */
final class SectionDelivery {
    private final ConfigurationAdmin configAdmin;
    /** What was last delivered per plugin. */
    private final Map<String, Map<String, Object>> delivered = new ConcurrentHashMap<>();

    SectionDelivery(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /** What the plugin was last given, or null. */
    Map<String, Object> delivered(String plugin) {
        return delivered.get(plugin);
    }

    /** The plugins that were given a configuration. */
    List<String> plugins() {
        return List.copyOf(delivered.keySet());
    }

    /** Whether {@code values} differ from what the plugin was last given. */
    boolean changes(String plugin, Map<String, Object> values) {
        return !sameConfig(delivered.get(plugin), values);
    }

    /** Gives the plugin {@code values} (null deletes its configuration). */
    void deliver(String plugin, Map<String, Object> values) throws IOException {
        Configuration cfg = configAdmin.getConfiguration(PluginHeaders.configPid(plugin), PluginHeaders.LOCATION_PREFIX + plugin);
        if (values == null) {
            cfg.delete();
            delivered.remove(plugin);
            return;
        }
        Dictionary<String, Object> d = new Hashtable<>();
        values.forEach(d::put);
        cfg.updateIfDifferent(d);
        delivered.put(plugin, values);
    }

    /** Value by value, arrays by their content (ConfigAdmin holds lists as arrays). */
    static boolean sameConfig(Map<String, Object> a, Map<String, Object> b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : a.entrySet()) {
            if (!Objects.deepEquals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
