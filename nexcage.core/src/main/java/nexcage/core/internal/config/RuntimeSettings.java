package nexcage.core.internal.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code runtime:} section of config.yaml (DESIGN §7), with defaults for what is absent.
 * {@code pluginDir} and {@code trustedCertsDir} are null when the defaults under NEXCAGE_HOME apply.
 */
public record RuntimeSettings(Path pluginDir, boolean requireSignatures, Path trustedCertsDir, long maxPluginSizeMb,
        String defaultBackend, List<Route> routing) {

    /** One routing rule: container names matching {@code pattern} go to {@code backend}. */
    public record Route(String pattern, String backend) {
    }

    public static final RuntimeSettings DEFAULTS = new RuntimeSettings(null, false, null, 100, "docker", List.of());
}
