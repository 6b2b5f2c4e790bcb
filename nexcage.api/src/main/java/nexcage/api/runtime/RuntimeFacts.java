package nexcage.api.runtime;

import java.time.Duration;
import java.util.Map;

/** The runtime as {@link SystemInfo#runtime()} reports it; {@code pluginStates} maps each plugin's name to its state word. */
public record RuntimeFacts(String version, String javaVersion, Duration uptime, Map<String, String> pluginStates) {
    public RuntimeFacts {
        pluginStates = Map.copyOf(pluginStates);
    }
}
