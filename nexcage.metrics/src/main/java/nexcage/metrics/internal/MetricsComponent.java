package nexcage.metrics.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginUsage;
import nexcage.core.admin.RuntimeFigures;
import nexcage.hooks.admin.HookAdmin;
import nexcage.hooks.admin.HookLatency;
import nexcage.hooks.admin.HookRegistrationInfo;
import nexcage.security.admin.Violation;
import nexcage.security.admin.Violations;

/**
 * Serves the runtime's metrics while {@code runtime.metrics.listen} is set (configuration PID
 * {@value #PID}, property {@code listen}, which the core fills from config.yaml); rebinds when it
 * changes, closes when it goes. A taken port is logged and the daemon runs on without metrics.
 */
@Component(configurationPid = MetricsComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
public class MetricsComponent implements Figures {

    public static final String PID = "nexcage.metrics";

    private final PluginAccounting accounting;
    private final HookAdmin hooks;
    private final Violations violations;
    private final RuntimeFigures runtime;
    private final Logger log;
    /** Made when metrics are first served: the Prometheus client's classes cost the daemon's start otherwise (issue 22). */
    private PrometheusRegistry registry;
    private String listen;
    private MetricsEndpoint endpoint;

    @Activate
    public MetricsComponent(@Reference PluginAccounting accounting, @Reference HookAdmin hooks, @Reference Violations violations,
            @Reference RuntimeFigures runtime, @Reference(service = LoggerFactory.class) Logger log, Map<String, Object> properties) {
        this.accounting = accounting;
        this.hooks = hooks;
        this.violations = violations;
        this.runtime = runtime;
        this.log = log;
        modified(properties);
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) {
        Object value = properties.get("listen");
        String next = value == null || value.toString().isBlank() ? null : value.toString().trim();
        if (Objects.equals(next, listen) && (next == null || endpoint != null)) {
            return;
        }
        close();
        listen = next;
        if (next == null) {
            return;
        }
        try {
            InetSocketAddress address = ListenAddress.parse(next);
            endpoint = MetricsEndpoint.start(address, registry(), this::ready);
            log.info("serving /metrics, /livez and /readyz on {}", next);
        } catch (BindException e) {
            log.error("runtime.metrics.listen {}: port {} is in use; metrics are off until you pick a free port and run 'nexcage config reload'",
                    next, portOf(next));
        } catch (IOException | IllegalArgumentException e) {
            log.error("runtime.metrics.listen {}: cannot serve metrics there ({}); fix the setting and run 'nexcage config reload'",
                    next, e.getMessage());
        }
    }

    private PrometheusRegistry registry() {
        if (registry == null) {
            PrometheusRegistry r = new PrometheusRegistry();
            r.register(new NexcageCollector(this));
            JvmMetrics.builder().register(r);
            registry = r;
        }
        return registry;
    }

    private static String portOf(String listen) {
        return listen.substring(listen.lastIndexOf(':') + 1);
    }

    @Deactivate
    synchronized void close() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }

    /** The bound port, for tests; -1 when off. */
    synchronized int port() {
        return endpoint == null ? -1 : endpoint.port();
    }

    @Override
    public List<PluginUsage> usage() {
        return accounting.usage();
    }

    @Override
    public List<HookRegistrationInfo> hooks() {
        return hooks.registrations();
    }

    @Override
    public List<HookLatency> hookLatencies() {
        return hooks.latencies();
    }

    @Override
    public List<Violation> violations() {
        return violations.list(null);
    }

    @Override
    public List<RuntimeFigures.PluginFigures> plugins() {
        return runtime.plugins();
    }

    @Override
    public List<RuntimeFigures.BackendFigures> backends() {
        return runtime.backends();
    }

    @Override
    public List<RuntimeFigures.OperationLatency> containerOperations() {
        return runtime.containerOperations();
    }

    @Override
    public boolean ready() {
        return runtime.booted();
    }
}
