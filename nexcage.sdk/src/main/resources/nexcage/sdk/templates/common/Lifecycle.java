package {{package}};

import org.osgi.service.component.annotations.Component;

import nexcage.api.HealthStatus;
import nexcage.api.PluginContext;
import nexcage.api.PluginLifecycle;

/** The plugin's init, deinit and health check, which NexCage calls under the plugin's timeout. */
@Component
public class {{lifecycleName}} implements PluginLifecycle {

    @Override
    public void init(PluginContext context) {
        context.log("info", "plugin " + context.getPluginName() + " started");
    }

    @Override
    public void deinit(PluginContext context) {
        context.log("info", "plugin " + context.getPluginName() + " stopping");
    }

    @Override
    public HealthStatus healthCheck(PluginContext context) {
        return HealthStatus.HEALTHY;
    }
}
