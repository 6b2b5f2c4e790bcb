package nexcage.example.hello;

import org.osgi.service.component.annotations.Component;

import nexcage.api.HealthStatus;
import nexcage.api.PluginContext;
import nexcage.api.PluginLifecycle;

/** The seed's init, deinit and health check: they log and report healthy. */
@Component
public class HelloLifecycle implements PluginLifecycle {

    @Override
    public void init(PluginContext context) {
        context.log("info", "Plugin '" + context.getPluginName() + "' initialized");
    }

    @Override
    public void deinit(PluginContext context) {
        context.log("info", "Plugin '" + context.getPluginName() + "' shutting down");
    }

    @Override
    public HealthStatus healthCheck(PluginContext context) {
        return HealthStatus.HEALTHY;
    }
}
