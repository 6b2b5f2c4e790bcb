package nexcage.example.prometheusmetrics;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.prometheus.client.Collector.MetricFamilySamples;
import nexcage.api.HealthStatus;
import nexcage.api.PluginContext;
import nexcage.api.PluginLifecycle;
import nexcage.api.integration.IntegrationExtension;
import nexcage.api.monitoring.MonitoringExtension;
import nexcage.api.runtime.PluginMetrics;

/**
 * Pushes the runtime's metrics to a Prometheus Pushgateway. As a monitoring extension, its
 * {@code export} gets the runtime's snapshot every {@code runtime.metrics.interval} and pushes it
 * while connected (the snapshot is kept otherwise, for the next push). As an integration,
 * {@code connect} checks that the gateway answers, {@code healthCheck} asks it again and reports
 * its latest answers, and {@code sendRequest} takes {@code {"action":"push"}} (push the latest
 * snapshot now) and {@code {"action":"status"}}. Its pushes are counted in its own metrics
 * ({@code nexcage plugin stats prometheus-metrics}).
 */
@Component(service = {IntegrationExtension.class, MonitoringExtension.class, PluginLifecycle.class},
        configurationPid = PushgatewayConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PushgatewayConfig.class)
public class PrometheusMetrics implements IntegrationExtension, MonitoringExtension, PluginLifecycle {
    static final String NAME = "prometheus-metrics";

    private final PluginMetrics metrics;
    private final GatewayAnswers answers = new GatewayAnswers();
    private final Object pushing = new Object();
    private volatile Gateway gateway;
    private volatile String misconfigured;
    private volatile boolean connected;
    private volatile Map<String, Double> latest;
    private volatile PluginContext context;

    @Activate
    public PrometheusMetrics(@Reference PluginMetrics metrics, PushgatewayConfig config) {
        this.metrics = metrics;
        configure(config);
    }

    @Modified
    void configure(PushgatewayConfig config) {
        try {
            gateway = new Gateway(config.url(), config.job());
            misconfigured = null;
        } catch (IllegalArgumentException e) {
            misconfigured = e.getMessage();
        }
    }

    @Override
    public void init(PluginContext context) {
        this.context = context;
    }

    @Override
    public void deinit(PluginContext context) {
        this.context = null;
    }

    /** Refuses a URL or job the gateway could not be reached with, before it is applied. */
    @Override
    public void checkConfig(PluginContext context, Map<String, Object> config) {
        Object url = config.getOrDefault("url", "http://127.0.0.1:9091");
        Object job = config.getOrDefault("job", "nexcage");
        new Gateway(String.valueOf(url), String.valueOf(job));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "pushes the runtime's metrics to a Prometheus Pushgateway";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public void connect() throws IOException {
        Gateway g = configured();
        try {
            g.probe();
        } catch (IOException e) {
            answers.probed(false, e.getMessage());
            throw new IOException("the Pushgateway at " + g.url() + " does not answer (" + e.getMessage()
                    + "); start it or set plugins.prometheus-metrics.config.url to one that runs", e);
        }
        answers.probed(true, null);
        connected = true;
        log("info", "connected to the Pushgateway at " + g.url() + ", job " + g.job());
    }

    @Override
    public void disconnect() {
        connected = false;
    }

    @Override
    public HealthStatus healthCheck() {
        Gateway g = gateway;
        if (g == null) {
            return HealthStatus.UNHEALTHY;
        }
        try {
            g.probe();
            answers.probed(true, null);
        } catch (IOException e) {
            answers.probed(false, e.getMessage());
        }
        return answers.health();
    }

    @Override
    public Map<String, Object> sendRequest(Map<String, Object> request) throws IOException {
        Object action = request.get("action");
        if ("push".equals(action)) {
            Map<String, Double> snapshot = latest;
            if (snapshot == null) {
                throw new IllegalStateException("no snapshot to push yet: the runtime hands one every runtime.metrics.interval seconds; "
                        + "send the request again after the next one");
            }
            return push(snapshot);
        }
        if ("status".equals(action)) {
            Gateway g = gateway;
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("connected", connected);
            answer.put("url", g == null ? null : g.url());
            answer.put("job", g == null ? null : g.job());
            answer.putAll(answers.status());
            return answer;
        }
        throw new IllegalArgumentException("unknown action " + (action == null ? "(none)" : "'" + action + "'")
                + "; send {\"action\":\"push\"} or {\"action\":\"status\"}");
    }

    @Override
    public Map<String, Double> collect() {
        return answers.figures();
    }

    /** Pushes the snapshot while connected; otherwise keeps it for the next push (the runtime is reconnecting). */
    @Override
    public void export(Map<String, Double> snapshot) throws IOException {
        latest = snapshot;
        if (connected) {
            push(snapshot);
        }
    }

    @Override
    public void alert(String severity, String message) {
        String level = severity == null ? "info" : severity.toLowerCase(Locale.ROOT);
        metrics.increment("alerts_" + (level.matches("[a-z]{1,20}") ? level : "other"), 1);
        log("critical".equals(level) || "warning".equals(level) ? "warn" : "info", "alert (" + level + "): " + message);
    }

    /** Pushes one snapshot and answers what went: the gateway, the job and the families with their series. */
    Map<String, Object> push(Map<String, Double> snapshot) throws IOException {
        Gateway g = configured();
        List<MetricFamilySamples> families = SnapshotSeries.families(snapshot);
        int series = families.stream().mapToInt(f -> f.samples.size()).sum();
        synchronized (pushing) {
            try {
                g.push(families);
            } catch (IOException e) {
                answers.pushFailed(e.getMessage());
                metrics.increment("push_failures", 1);
                throw new IOException("pushing to the Pushgateway at " + g.url() + " failed (" + e.getMessage()
                        + "); check that it runs and accepts the job " + g.job(), e);
            }
        }
        answers.pushed(series);
        metrics.increment("pushes", 1);
        metrics.gauge("last_push_series", series);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pushed", true);
        answer.put("url", g.url());
        answer.put("job", g.job());
        answer.put("series", series);
        answer.put("families", families.stream().map(f -> f.name).toList());
        return answer;
    }

    private Gateway configured() {
        String problem = misconfigured;
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        return gateway;
    }

    private void log(String level, String message) {
        PluginContext c = context;
        if (c != null) {
            c.log(level, message);
        }
    }
}
