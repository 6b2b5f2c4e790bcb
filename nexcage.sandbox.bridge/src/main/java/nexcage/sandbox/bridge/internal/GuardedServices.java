package nexcage.sandbox.bridge.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import nexcage.api.containers.Containers;
import nexcage.api.hooks.HookDispatcher;
import nexcage.api.integration.Integrations;
import nexcage.api.runtime.HostCommands;
import nexcage.api.runtime.PluginMetrics;
import nexcage.api.runtime.RuntimeConfig;
import nexcage.api.runtime.SystemInfo;
import nexcage.sandbox.child.wire.Invoker;

/**
 * NexCage's guarded services as the sandboxed plugin's stub bundle gets them: each is the stub's own
 * (bundle-scoped) instance, so the capability guard checks, counts and records the plugin.
 */
final class GuardedServices {
    private static final Map<String, Class<?>> TYPES = Map.of(Containers.class.getName(), Containers.class,
            RuntimeConfig.class.getName(), RuntimeConfig.class, SystemInfo.class.getName(), SystemInfo.class,
            HostCommands.class.getName(), HostCommands.class, PluginMetrics.class.getName(), PluginMetrics.class,
            HookDispatcher.class.getName(), HookDispatcher.class, Integrations.class.getName(), Integrations.class);

    private final BundleContext stub;
    private final String plugin;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    private record Held(ServiceReference<?> ref, Invoker invoker) {
    }

    GuardedServices(BundleContext stub, String plugin) {
        this.stub = stub;
        this.plugin = plugin;
    }

    Object call(String type, String method, Object[] args) throws Exception {
        Class<?> c = TYPES.get(type);
        if (c == null) {
            throw new SecurityException("plugin " + plugin + " asked for " + type + ", which is not a NexCage service a plugin may use");
        }
        Held h = held.computeIfAbsent(type, k -> get(c));
        return h.invoker().invoke(method, args);
    }

    private Held get(Class<?> type) {
        ServiceReference<?> ref = stub.getServiceReference(type.getName());
        Object service = ref == null ? null : stub.getService(ref);
        if (service == null) {
            throw new IllegalStateException(type.getSimpleName() + " is not available to plugin " + plugin
                    + " now; the runtime may be starting or stopping, try again");
        }
        return new Held(ref, new Invoker(service, List.of(type)));
    }

    void release() {
        held.values().forEach(h -> {
            try {
                stub.ungetService(h.ref());
            } catch (IllegalStateException stubGone) {
                // the framework released them with the stub
            }
        });
        held.clear();
    }
}
