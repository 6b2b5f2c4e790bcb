package nexcage.api.integration;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

import nexcage.api.HealthStatus;

/** A connection to an outside service (metrics store, log sink, ...), registered as a service. */
@ConsumerType
public interface IntegrationExtension {

    String name();

    String description();

    /** The integration's own version. */
    String version();

    void connect() throws Exception;

    void disconnect() throws Exception;

    HealthStatus healthCheck();

    /** Sends one request to the service and returns its answer. */
    Map<String, Object> sendRequest(Map<String, Object> request) throws Exception;
}
