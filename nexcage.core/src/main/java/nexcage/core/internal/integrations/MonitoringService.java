package nexcage.core.internal.integrations;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.PluginMetadata;
import nexcage.api.monitoring.MonitoringExtension;
import nexcage.core.internal.config.ConfigService;
import nexcage.core.internal.containers.BackendRegistry;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.plugins.PluginRecord;
import nexcage.core.internal.plugins.PluginRegistry;
import nexcage.core.internal.plugins.Timed;
import nexcage.security.admin.Violation;
import nexcage.security.admin.ViolationListener;

/**
 * Drives the monitoring extensions (DESIGN §5): a round of collect and export every
 * {@code runtime.metrics.interval} seconds (read again before each wait, so a change applies from
 * the next round), and an alert when a plugin's or a backend's health changes (looked at every
 * second) and on each violation (told by the security bundle, passed on off the violating thread).
 */
@Component(service = ViolationListener.class, immediate = true)
public class MonitoringService implements ViolationListener {
    static final long HEALTH_LOOK_MS = 1_000;

    private final Daemon daemon;
    private final PluginRegistry plugins;
    private final BackendRegistry backends;
    private final PluginAccounting accounting;
    private final ConfigService config;
    private final Timed timed;
    private final MonitoringLoop loop;
    private final HealthWatch pluginHealth = new HealthWatch("plugin");
    private final HealthWatch backendHealth = new HealthWatch("backend");
    private final AtomicLong violations = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Daemon.named("nexcage-monitoring"));

    @Activate
    public MonitoringService(@Reference Daemon daemon, @Reference PluginRegistry plugins, @Reference BackendRegistry backends,
            @Reference PluginAccounting accounting, @Reference ConfigService config) {
        this.daemon = daemon;
        this.plugins = plugins;
        this.backends = backends;
        this.accounting = accounting;
        this.config = config;
        this.timed = new Timed(daemon.pluginCalls(), accounting);
        this.loop = new MonitoringLoop((plugin, message) -> daemon.log().about(plugin).warn("monitoring", message));
        timer.schedule(this::roundAndAgain, intervalMs(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::lookAtHealth, 0, HEALTH_LOOK_MS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindMonitor(MonitoringExtension extension, ServiceReference<MonitoringExtension> ref) {
        Bundle owner = ref.getBundle();
        Optional<PluginMetadata> meta = plugins.metadata(owner);
        String plugin = meta.map(PluginMetadata::name).orElse(owner.getSymbolicName());
        int timeout = meta.map(m -> m.resources().timeoutSeconds()).orElse(30);
        String name;
        try {
            name = extension.name();
        } catch (RuntimeException e) {
            daemon.log().about(meta.isPresent() ? plugin : null).warn("monitoring",
                    "a monitoring extension of plugin " + plugin + " is ignored: its name() threw " + e);
            return;
        }
        loop.add(new MonitoringLoop.Monitor(extension, name, plugin, new PluginCaller() {
            @Override
            public <T> T call(String entry, String what, Callable<T> call) throws Exception {
                return timed.call(plugin, entry, what, timeout, call);
            }
        }));
        daemon.log().about(meta.isPresent() ? plugin : null).info("monitoring", "monitoring extension " + name + " of plugin " + plugin
                + " is registered; collecting every " + config.runtime().metrics().intervalSeconds() + " s");
    }

    void unbindMonitor(MonitoringExtension extension) {
        loop.remove(extension);
    }

    @Override
    public void violated(Violation v) {
        violations.incrementAndGet();
        if (!loop.isEmpty()) {
            String message = "plugin " + v.plugin() + " violated " + (v.capability() == null ? "" : v.capability() + " ") + "in "
                    + v.operation() + (v.detail() == null || v.detail().isEmpty() ? "" : ": " + v.detail());
            timer.execute(() -> loop.alert("warning", message));
        }
    }

    private long intervalMs() {
        return TimeUnit.SECONDS.toMillis(config.runtime().metrics().intervalSeconds());
    }

    private void roundAndAgain() {
        try {
            if (!loop.isEmpty()) {
                loop.round(this::snapshot);
            }
        } catch (RuntimeException bug) {
            daemon.log().error("monitoring", "a monitoring round failed", bug);
        } finally {
            timer.schedule(this::roundAndAgain, intervalMs(), TimeUnit.MILLISECONDS);
        }
    }

    private void lookAtHealth() {
        try {
            Map<String, String> ph = new TreeMap<>();
            for (PluginRecord r : plugins.all()) {
                ph.put(r.name(), r.health().id());
            }
            Map<String, String> bh = new TreeMap<>();
            backends.all().forEach((name, e) -> bh.put(name, e.health().state().id()));
            var alerts = new java.util.ArrayList<>(pluginHealth.seen(ph));
            alerts.addAll(backendHealth.seen(bh));
            alerts.forEach(a -> loop.alert(a.severity(), a.message()));
        } catch (RuntimeException bug) {
            daemon.log().error("monitoring", "looking at health for alerts failed", bug);
        }
    }

    Map<String, Double> snapshot(Map<String, Map<String, Double>> collected) {
        Map<String, String> states = new TreeMap<>();
        Map<String, String> health = new TreeMap<>();
        for (PluginRecord r : plugins.all()) {
            states.put(r.name(), r.state().id());
            health.put(r.name(), r.health().id());
        }
        Map<String, String> bh = new TreeMap<>();
        backends.all().forEach((name, e) -> bh.put(name, e.health().state().id()));
        return MetricSnapshot.of(states, health, bh, accounting.usage(), violations.get(), collected);
    }
}
