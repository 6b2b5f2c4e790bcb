package nexcage.core.internal.config;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The {@code runtime:} section of config.yaml (DESIGN §7), with defaults for what is absent.
 * {@code pluginDir} and {@code trustedCertsDir} are null when the defaults under NEXCAGE_HOME apply.
 * {@code fromEnv} holds the settings whose value came from {@code ${...}}, by their path
 * ({@code default_backend}, {@code routing[0].backend}, ...), with that value: they are never shown.
 * {@code security} is {@code runtime.security}, {@code metrics} is {@code runtime.metrics}, {@code api} is {@code runtime.api}.
 */
public record RuntimeSettings(Path pluginDir, boolean requireSignatures, Path trustedCertsDir, long maxPluginSizeMb,
        long maxPluginInflatedMb, long maxPluginEntries, String defaultBackend, List<Route> routing, Map<String, String> fromEnv,
        SecuritySettings security, MetricsSettings metrics, ApiSettings api) {

    /** Defaults of the zip-bomb caps: far above any real plugin, far below what stalls a check. */
    public static final long DEFAULT_MAX_INFLATED_MB = 512;
    public static final long DEFAULT_MAX_ENTRIES = 65_536;

    /** One routing rule: container names matching {@code pattern} go to {@code backend}. */
    public record Route(String pattern, String backend) {
    }

    public static final RuntimeSettings DEFAULTS = new RuntimeSettings(null, false, null, 100, "docker", List.of());

    public RuntimeSettings {
        routing = List.copyOf(routing);
        fromEnv = Map.copyOf(fromEnv);
        security = security == null ? SecuritySettings.DEFAULTS : security;
        metrics = metrics == null ? MetricsSettings.DEFAULTS : metrics;
        api = api == null ? ApiSettings.DEFAULTS : api;
    }

    /** Settings with the default {@code runtime.api}. */
    public RuntimeSettings(Path pluginDir, boolean requireSignatures, Path trustedCertsDir, long maxPluginSizeMb,
            long maxPluginInflatedMb, long maxPluginEntries, String defaultBackend, List<Route> routing, Map<String, String> fromEnv,
            SecuritySettings security, MetricsSettings metrics) {
        this(pluginDir, requireSignatures, trustedCertsDir, maxPluginSizeMb, maxPluginInflatedMb, maxPluginEntries, defaultBackend, routing,
                fromEnv, security, metrics, ApiSettings.DEFAULTS);
    }

    /** Settings with the default {@code runtime.metrics}. */
    public RuntimeSettings(Path pluginDir, boolean requireSignatures, Path trustedCertsDir, long maxPluginSizeMb,
            long maxPluginInflatedMb, long maxPluginEntries, String defaultBackend, List<Route> routing, Map<String, String> fromEnv,
            SecuritySettings security) {
        this(pluginDir, requireSignatures, trustedCertsDir, maxPluginSizeMb, maxPluginInflatedMb, maxPluginEntries, defaultBackend, routing,
                fromEnv, security, MetricsSettings.DEFAULTS);
    }

    /** Settings with the default {@code runtime.security}. */
    public RuntimeSettings(Path pluginDir, boolean requireSignatures, Path trustedCertsDir, long maxPluginSizeMb,
            long maxPluginInflatedMb, long maxPluginEntries, String defaultBackend, List<Route> routing, Map<String, String> fromEnv) {
        this(pluginDir, requireSignatures, trustedCertsDir, maxPluginSizeMb, maxPluginInflatedMb, maxPluginEntries, defaultBackend, routing,
                fromEnv, SecuritySettings.DEFAULTS);
    }

    /** Settings with the default zip caps. */
    public RuntimeSettings(Path pluginDir, boolean requireSignatures, Path trustedCertsDir, long maxPluginSizeMb,
            String defaultBackend, List<Route> routing, Map<String, String> fromEnv) {
        this(pluginDir, requireSignatures, trustedCertsDir, maxPluginSizeMb, DEFAULT_MAX_INFLATED_MB, DEFAULT_MAX_ENTRIES, defaultBackend,
                routing, fromEnv);
    }

    /** Settings written without {@code ${...}}. */
    public RuntimeSettings(Path pluginDir, boolean requireSignatures, Path trustedCertsDir, long maxPluginSizeMb,
            String defaultBackend, List<Route> routing) {
        this(pluginDir, requireSignatures, trustedCertsDir, maxPluginSizeMb, defaultBackend, routing, Map.of());
    }

    /** The setting's value as it may be shown: masked when it came from {@code ${...}}. */
    public Object shown(String path, Object value) {
        return value != null && fromEnv.containsKey(path) ? Secrets.MASK : value;
    }

    /**
     * The message with every value that came from {@code ${...}} masked wherever it occurs, e.g. a
     * backend name in an error or the plugin directory inside a path in a log line.
     */
    public String masked(String message) {
        if (message == null || fromEnv.isEmpty()) {
            return message;
        }
        String out = message;
        // longest first, so a value that holds another is masked whole
        for (String secret : fromEnv.values().stream().filter(v -> !v.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            out = out.replace(secret, Secrets.MASK);
        }
        return out;
    }
}
