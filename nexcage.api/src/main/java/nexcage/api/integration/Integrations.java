package nexcage.api.integration;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The integrations of all plugins, for a plugin that calls them ({@code api_client}); the runtime
 * provides it, one instance per plugin.
 */
@ProviderType
public interface Integrations {

    /** The names of the integrations registered now, in order. */
    List<String> names();

    /**
     * Sends one request to the named integration, under its plugin's timeout, and returns its answer.
     *
     * @throws IllegalArgumentException when no integration has that name
     * @throws IllegalStateException when it is not connected, or its call threw or overran (the message says which)
     */
    Map<String, Object> send(String name, Map<String, Object> request);
}
