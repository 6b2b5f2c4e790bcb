package nexcage.example.prometheusmetrics;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The plugin's settings ({@code plugins.prometheus-metrics.config}). */
@ObjectClassDefinition(name = "NexCage prometheus-metrics", description = "Where the runtime's metrics are pushed")
public @interface PushgatewayConfig {

    /** The PID the core delivers {@code plugins.prometheus-metrics.config} under. */
    String PID = "nexcage.plugin.prometheus-metrics";

    @AttributeDefinition(description = "The Pushgateway's base URL, e.g. http://127.0.0.1:9091")
    String url() default "http://127.0.0.1:9091";

    @AttributeDefinition(description = "The job label the metrics are pushed under (the group /metrics/job/JOB)")
    String job() default "nexcage";
}
