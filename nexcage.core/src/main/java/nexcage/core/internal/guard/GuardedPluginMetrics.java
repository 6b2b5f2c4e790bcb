package nexcage.core.internal.guard;

import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.Capability;
import nexcage.api.runtime.PluginMetrics;
import nexcage.security.admin.CapabilityGuard;

/** {@link PluginMetrics} for one plugin (bundle-scoped, {@code metrics}): its counters and gauges, kept in its name by {@link PluginMetricsStore}. */
@Component(scope = ServiceScope.BUNDLE, service = PluginMetrics.class)
public class GuardedPluginMetrics implements PluginMetrics {
    private final Bundle caller;
    private final String plugin;
    private final CapabilityGuard guard;
    private final PluginMetricsStore store;
    private final ServiceCalls calls;

    @Activate
    public GuardedPluginMetrics(ComponentContext cc, @Reference CapabilityGuard guard, @Reference PluginMetricsStore store,
            @Reference PluginAccounting accounting) {
        this.caller = cc.getUsingBundle();
        this.calls = new ServiceCalls(accounting, caller);
        this.plugin = Callers.name(caller);
        this.guard = guard;
        this.store = store;
    }

    @Override
    public void increment(String name, long delta) {
        calls.run("metrics.increment", () -> {
            guard.check(caller, Capability.METRICS, "metrics.increment", String.valueOf(name));
            store.increment(plugin, name, delta);
        });
    }

    @Override
    public void gauge(String name, double value) {
        calls.run("metrics.gauge", () -> {
            guard.check(caller, Capability.METRICS, "metrics.gauge", String.valueOf(name));
            store.gauge(plugin, name, value);
        });
    }

    @Override
    public Map<String, Double> snapshot() {
        return calls.call("metrics.snapshot", () -> {
            guard.check(caller, Capability.METRICS, "metrics.snapshot", "");
            return store.snapshot(plugin);
        });
    }
}
