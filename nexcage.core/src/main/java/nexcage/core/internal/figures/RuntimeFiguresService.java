package nexcage.core.internal.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.core.admin.RuntimeFigures;
import nexcage.core.internal.containers.BackendRegistry;
import nexcage.core.internal.guard.PluginMetricsStore;
import nexcage.core.internal.plugins.PluginDeployer;
import nexcage.core.internal.plugins.PluginRecord;
import nexcage.core.internal.plugins.PluginRegistry;
import nexcage.core.internal.plugins.PluginState;

/** {@link RuntimeFigures} read from the plugin and backend registries, for the metrics bundle. */
@Component(service = RuntimeFigures.class)
public class RuntimeFiguresService implements RuntimeFigures {

    private final PluginRegistry plugins;
    private final BackendRegistry backends;
    private final PluginMetricsStore metrics;
    private final PluginDeployer deployer;

    @Activate
    public RuntimeFiguresService(@Reference PluginRegistry plugins, @Reference BackendRegistry backends,
            @Reference PluginMetricsStore metrics, @Reference PluginDeployer deployer) {
        this.plugins = plugins;
        this.backends = backends;
        this.metrics = metrics;
        this.deployer = deployer;
    }

    @Override
    public List<PluginFigures> plugins() {
        List<PluginFigures> out = new ArrayList<>();
        for (PluginRecord r : plugins.all()) {
            // a rejected file is no plugin that runs: it has no metrics of its own
            boolean runs = r.state() != PluginState.REJECTED;
            out.add(new PluginFigures(r.name(), r.state().id(), r.health().id(), runs ? metrics.snapshot(r.name()) : Map.of()));
        }
        return out;
    }

    @Override
    public List<BackendFigures> backends() {
        List<BackendFigures> out = new ArrayList<>();
        backends.all().forEach((name, e) -> out.add(
                new BackendFigures(name, e.plugin(), e.health().state().name().toLowerCase(Locale.ROOT))));
        return out;
    }

    @Override
    public List<OperationLatency> containerOperations() {
        return backends.times().snapshot();
    }

    @Override
    public boolean booted() {
        try {
            return deployer.awaitBoot(0, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
