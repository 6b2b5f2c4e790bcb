package nexcage.core.internal.figures;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.core.internal.config.ConfigDocument;
import nexcage.core.internal.config.ConfigListener;
import nexcage.core.internal.daemon.Daemon;

/**
 * Hands {@code runtime.metrics.listen} to the metrics bundle as configuration PID
 * {@value #PID} (property {@code listen}, absent when off), so it binds, rebinds on a
 * {@code config reload} and closes without knowing the core's configuration classes.
 */
@Component(service = ConfigListener.class, immediate = true)
public class MetricsSettingHandOver implements ConfigListener {

    static final String PID = "nexcage.metrics";

    private final ConfigurationAdmin configAdmin;
    private final Daemon daemon;
    private String handedOver;
    private boolean first = true;

    @Activate
    public MetricsSettingHandOver(@Reference ConfigurationAdmin configAdmin, @Reference Daemon daemon) {
        this.configAdmin = configAdmin;
        this.daemon = daemon;
    }

    @Override
    public synchronized void configApplied(ConfigDocument current) {
        String listen = current.runtime().metrics().listen();
        if (!first && Objects.equals(listen, handedOver)) {
            return;
        }
        try {
            Configuration cfg = configAdmin.getConfiguration(PID, "?");
            Dictionary<String, Object> props = new Hashtable<>();
            if (listen != null) {
                props.put("listen", listen);
            }
            cfg.update(props);
            handedOver = listen;
            first = false;
        } catch (IOException e) {
            daemon.log().error("config", "cannot hand runtime.metrics.listen to the metrics bundle: " + e, e);
        }
    }
}
