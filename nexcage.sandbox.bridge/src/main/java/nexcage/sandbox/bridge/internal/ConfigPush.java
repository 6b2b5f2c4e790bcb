package nexcage.sandbox.bridge.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

import nexcage.api.PluginHeaders;

/**
 * The plugin's configuration (its PID, typed as the core delivered it, secrets included: they travel
 * in memory over the socket only) for the child's ConfigAdmin: read at the start, sent on each change.
 */
final class ConfigPush implements ConfigurationListener {
    private static final Set<String> OWN_KEYS = Set.of("service.pid", "service.factoryPid", "service.bundleLocation");

    interface Sender {
        void send(String pid, Map<String, Object> values);
    }

    private final ConfigurationAdmin admin;
    private final String pid;
    private final Sender sender;
    private ServiceRegistration<ConfigurationListener> registration;

    ConfigPush(ConfigurationAdmin admin, String plugin, Sender sender) {
        this.admin = admin;
        this.pid = PluginHeaders.configPid(plugin);
        this.sender = sender;
    }

    String pid() {
        return pid;
    }

    /** The configuration now, or null when the plugin has none. */
    Map<String, Object> current() {
        if (admin == null) {
            return null;
        }
        try {
            Configuration[] found = admin.listConfigurations("(service.pid=" + pid + ")");
            if (found == null || found.length == 0 || found[0].getProperties() == null) {
                return null;
            }
            return values(found[0].getProperties());
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read the configuration " + pid + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Object> values(Dictionary<String, Object> d) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Enumeration<String> keys = d.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (!OWN_KEYS.contains(k)) {
                m.put(k, d.get(k));
            }
        }
        return m;
    }

    void listen(BundleContext bridge) {
        registration = bridge.registerService(ConfigurationListener.class, this, null);
    }

    void stop() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException gone) {
                // the bridge stopped first
            }
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (!pid.equals(event.getPid())) {
            return;
        }
        if (event.getType() == ConfigurationEvent.CM_DELETED) {
            sender.send(pid, null);
        } else if (event.getType() == ConfigurationEvent.CM_UPDATED) {
            Map<String, Object> now = current();
            sender.send(pid, now);
        }
    }
}
