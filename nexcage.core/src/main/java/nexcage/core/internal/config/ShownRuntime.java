package nexcage.core.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runtime settings in force as output shows them ({@code config show}, a plugin's {@code config_read}): values from {@code ${...}} masked. */
public final class ShownRuntime {

    private ShownRuntime() {
    }

    public static Map<String, Object> of(ConfigService config) {
        RuntimeSettings r = config.current().runtime();
        Map<String, Object> runtime = new LinkedHashMap<>();
        runtime.put("plugin_dir", r.shown("plugin_dir", config.pluginDir().toString()));
        runtime.put("require_signatures", config.requireSignatures());
        runtime.put("trusted_certs_dir", r.shown("trusted_certs_dir", config.trustedCertsDir().toString()));
        runtime.put("max_plugin_size_mb", config.maxPluginSizeBytes() / (1024 * 1024));
        runtime.put("max_plugin_inflated_mb", config.maxPluginInflatedBytes() / (1024 * 1024));
        runtime.put("max_plugin_entries", config.maxPluginEntries());
        runtime.put("default_backend", r.shown("default_backend", r.defaultBackend()));
        List<Map<String, Object>> routing = new ArrayList<>();
        for (int i = 0; i < r.routing().size(); i++) {
            RuntimeSettings.Route x = r.routing().get(i);
            routing.add(Map.of("pattern", r.shown("routing[" + i + "].pattern", x.pattern()), "backend",
                    r.shown("routing[" + i + "].backend", x.backend())));
        }
        runtime.put("routing", routing);
        Map<String, Object> security = new LinkedHashMap<>();
        security.put("on_violation", r.security().onViolation().word());
        security.put("max_violations", r.security().maxViolations());
        security.put("audit", r.security().audit().word());
        security.put("sandbox_unsigned", r.security().sandboxUnsigned());
        security.put("require_sandbox", r.security().requireSandbox());
        security.put("sandbox_restarts", r.security().sandboxRestarts());
        runtime.put("security", security);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("interval", r.metrics().intervalSeconds());
        metrics.put("listen", r.shown("metrics.listen", r.metrics().listen()));
        runtime.put("metrics", metrics);
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("listen", r.shown("api.listen", r.api().listen()));
        if (r.api().tls()) {
            api.put("tls", Map.of("cert", r.api().tlsCert().toString(), "key", r.api().tlsKey().toString()));
        }
        runtime.put("api", api);
        return runtime;
    }
}
