package nexcage.core.internal.figures;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import nexcage.core.internal.config.ConfigDocument;
import nexcage.core.internal.config.ConfigListener;
import nexcage.core.internal.daemon.Daemon;

/**
 * Hands a few runtime settings to another runtime bundle as the configuration of a PID it owns,
 * so that bundle binds, rebinds on a {@code config reload} and closes without knowing the core's
 * configuration classes. The configuration is written at the first apply and then only when the
 * settings changed.
 */
abstract class SettingsHandOver implements ConfigListener {

    private final ConfigurationAdmin configAdmin;
    private final Daemon daemon;
    private final String pid;
    private Map<String, Object> handedOver;

    SettingsHandOver(ConfigurationAdmin configAdmin, Daemon daemon, String pid) {
        this.configAdmin = configAdmin;
        this.daemon = daemon;
        this.pid = pid;
    }

    /** The properties to hand over; a setting that is off is left out. */
    abstract Map<String, Object> settings(ConfigDocument current);

    @Override
    public synchronized void configApplied(ConfigDocument current) {
        Map<String, Object> next = settings(current);
        if (Objects.equals(next, handedOver)) {
            return;
        }
        try {
            Configuration cfg = configAdmin.getConfiguration(pid, "?");
            Dictionary<String, Object> props = new Hashtable<>(next);
            cfg.update(props);
            handedOver = next;
        } catch (IOException e) {
            daemon.log().error("config", "cannot hand " + next.keySet() + " to the bundle of " + pid + ": " + e, e);
        }
    }

    Daemon daemon() {
        return daemon;
    }
}
