package nexcage.itest.plugins;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import nexcage.api.CapabilityDeniedException;
import nexcage.api.HealthStatus;
import nexcage.api.PluginContext;
import nexcage.api.PluginLifecycle;
import nexcage.api.integration.IntegrationExtension;
import nexcage.api.integration.Integrations;
import nexcage.api.monitoring.MonitoringExtension;

/**
 * The activator of the probe plugins IntegrationsIT builds (copied into each plugin file; one class,
 * so nothing else need be copied). With {@code Itest-Role: integration} it registers itself as an
 * {@link IntegrationExtension} named after the plugin, whose first {@code Itest-Fail-Connects}
 * connects throw; with {@code monitoring} as a {@link MonitoringExtension}. Either way a
 * {@code Function<String, String>} with {@code itest.integration.probe=NAME} tells the test what
 * the core called and takes its settings.
 */
public class IntegrationProbeActivator implements BundleActivator, PluginLifecycle, IntegrationExtension, MonitoringExtension {
    public static final String PROBE = "itest.integration.probe";

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private final AtomicInteger failConnects = new AtomicInteger();
    private final AtomicInteger collects = new AtomicInteger();
    private volatile Map<String, Double> lastExport = Map.of();
    private final AtomicInteger exports = new AtomicInteger();
    private volatile HealthStatus health = HealthStatus.HEALTHY;
    private volatile HealthStatus pluginHealth = HealthStatus.HEALTHY;
    private volatile String name;
    private volatile BundleContext context;

    @Override
    public void start(BundleContext ctx) {
        this.context = ctx;
        this.name = ctx.getBundle().getHeaders().get("NexCage-Plugin-Name");
        String fails = ctx.getBundle().getHeaders().get("Itest-Fail-Connects");
        failConnects.set(fails == null ? 0 : Integer.parseInt(fails));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PROBE, name);
        ctx.registerService(Function.class, (Function<String, String>) this::probe, props);
        ctx.registerService(PluginLifecycle.class, this, null);
        if ("integration".equals(ctx.getBundle().getHeaders().get("Itest-Role"))) {
            ctx.registerService(IntegrationExtension.class, this, null);
        } else {
            ctx.registerService(MonitoringExtension.class, this, null);
        }
    }

    @Override
    public void stop(BundleContext ctx) {
        // the framework unregisters the services with the bundle
    }

    private String probe(String op) {
        String[] w = op.split(" ", 2);
        switch (w[0]) {
            case "calls": return String.join(",", calls);
            case "health": health = HealthStatus.valueOf(w[1]); return "ok";
            case "pluginhealth": pluginHealth = HealthStatus.valueOf(w[1]); return "ok";
            case "collects": return String.valueOf(collects.get());
            case "exports": return String.valueOf(exports.get());
            case "exported": return String.valueOf(lastExport.get(w[1]));
            case "alerts": return String.join("|", alerts);
            case "send": return guardedSend(w[1]);
            default: return "unknown probe " + op;
        }
    }

    private String guardedSend(String target) {
        ServiceReference<Integrations> ref = context.getServiceReference(Integrations.class);
        Integrations i = context.getService(ref);
        try {
            return "ok " + i.send(target, Map.of("ping", "x"));
        } catch (CapabilityDeniedException e) {
            return "denied " + e.capability() + " " + e.operation();
        } catch (RuntimeException e) {
            return "failed " + e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            context.ungetService(ref);
        }
    }

    // ---- the plugin

    @Override
    public HealthStatus healthCheck(PluginContext c) {
        return pluginHealth;
    }

    // ---- IntegrationExtension and MonitoringExtension

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "an integration of the integration tests";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public void connect() throws Exception {
        calls.add("connect");
        if (failConnects.getAndDecrement() > 0) {
            throw new java.io.IOException("the probe refuses this connect");
        }
    }

    @Override
    public void disconnect() {
        calls.add("disconnect");
    }

    @Override
    public HealthStatus healthCheck() {
        calls.add("health");
        return health;
    }

    @Override
    public Map<String, Object> sendRequest(Map<String, Object> request) {
        calls.add("send");
        return Map.of("pong", String.valueOf(request.get("ping")));
    }

    @Override
    public Map<String, Double> collect() {
        return Map.of("ticks", (double) collects.incrementAndGet());
    }

    @Override
    public void export(Map<String, Double> metrics) {
        lastExport = metrics;
        exports.incrementAndGet();
    }

    @Override
    public void alert(String severity, String message) {
        alerts.add(severity + ": " + message);
    }
}
