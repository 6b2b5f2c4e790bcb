package nexcage.api.monitoring;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/** Collects metrics, exports them, and raises alerts; registered as a service. */
@ConsumerType
public interface MonitoringExtension {

    String name();

    /** Current values by metric name. */
    Map<String, Double> collect() throws Exception;

    /** Sends the given metrics to wherever this extension exports to. */
    void export(Map<String, Double> metrics) throws Exception;

    /** Raises an alert with a severity ({@code info warning critical}) and a message. */
    void alert(String severity, String message) throws Exception;
}
