package nexcage.core.internal.figures;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.core.internal.config.ConfigDocument;
import nexcage.core.internal.config.ConfigListener;
import nexcage.core.internal.daemon.Daemon;

/** Hands {@code runtime.metrics.listen} to the metrics bundle as configuration PID {@value #PID} (property {@code listen}, absent when off). */
@Component(service = ConfigListener.class, immediate = true)
public class MetricsSettingHandOver extends SettingsHandOver {

    static final String PID = "nexcage.metrics";

    @Activate
    public MetricsSettingHandOver(@Reference ConfigurationAdmin configAdmin, @Reference Daemon daemon) {
        super(configAdmin, daemon, PID);
    }

    @Override
    Map<String, Object> settings(ConfigDocument current) {
        Map<String, Object> props = new HashMap<>();
        String listen = current.runtime().metrics().listen();
        if (listen != null) {
            props.put("listen", listen);
        }
        return props;
    }
}
