package nexcage.example.hello;

import java.util.Map;
import java.util.TreeSet;

import org.osgi.service.component.annotations.Component;

import nexcage.api.HealthStatus;
import nexcage.api.PluginContext;
import nexcage.api.PluginLifecycle;

/**
 * The seed's init, deinit and health check: they log and report healthy. {@code checkConfig}
 * refuses a {@code repeat} outside 1..10; {@code configReload} logs which settings it was given
 * (their names only: a plugin never logs configuration values, which may be secrets).
 */
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

    @Override
    public void checkConfig(PluginContext context, Map<String, Object> config) {
        Object repeat = config.get("repeat");
        if (repeat == null) {
            return;
        }
        long n;
        if (repeat instanceof Number num && !(repeat instanceof Double || repeat instanceof Float)) {
            n = num.longValue();
        } else {
            try {
                n = Long.parseLong(String.valueOf(repeat).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("repeat must be a whole number from " + HelloConfig.MIN_REPEAT + " to "
                        + HelloConfig.MAX_REPEAT);
            }
        }
        if (n < HelloConfig.MIN_REPEAT || n > HelloConfig.MAX_REPEAT) {
            throw new IllegalArgumentException("repeat must be from " + HelloConfig.MIN_REPEAT + " to " + HelloConfig.MAX_REPEAT
                    + "; hello does not greet fewer or more times");
        }
    }

    @Override
    public void configReload(PluginContext context, Map<String, Object> config) {
        context.log("info", "configuration reloaded: " + String.join(", ", new TreeSet<>(config.keySet())));
    }
}
