package nexcage.api.runtime;

import org.osgi.annotation.versioning.ProviderType;

/** Facts about the runtime ({@code system_info}) and the host ({@code system_metrics}). */
@ProviderType
public interface SystemInfo {

    /** {@code system_info}: the runtime's version, its Java, its uptime and the plugins' states. */
    RuntimeFacts runtime();

    /** {@code system_metrics}: the host's processors, load and memory, and the daemon's heap. */
    HostFigures host();
}
