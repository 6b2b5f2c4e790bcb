package nexcage.core.internal.figures;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.core.internal.config.ApiSettings;
import nexcage.core.internal.config.ConfigDocument;
import nexcage.core.internal.config.ConfigListener;
import nexcage.core.internal.daemon.Daemon;

/**
 * Hands {@code runtime.api} to the HTTP API bundle as configuration PID {@value #PID}: {@code
 * listen} (absent when off), {@code tls.cert} and {@code tls.key} (absent without TLS), and {@code
 * state_dir}, where the API keeps its token.
 */
@Component(service = ConfigListener.class, immediate = true)
public class ApiSettingHandOver extends SettingsHandOver {

    static final String PID = "nexcage.http";

    @Activate
    public ApiSettingHandOver(@Reference ConfigurationAdmin configAdmin, @Reference Daemon daemon) {
        super(configAdmin, daemon, PID);
    }

    @Override
    Map<String, Object> settings(ConfigDocument current) {
        ApiSettings api = current.runtime().api();
        Map<String, Object> props = new HashMap<>();
        props.put("state_dir", daemon().paths().state().toString());
        if (api.listen() != null) {
            props.put("listen", api.listen());
        }
        if (api.tls()) {
            props.put("tls.cert", api.tlsCert().toString());
            props.put("tls.key", api.tlsKey().toString());
        }
        return props;
    }
}
