package nexcage.core.internal.plugins;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.HealthStatus;
import nexcage.api.PluginLifecycle;
import nexcage.api.PluginMetadata;
import nexcage.core.internal.config.ConfigChecker;
import nexcage.core.internal.config.ConfigService;
import nexcage.core.internal.daemon.Daemon;
import nexcage.security.admin.CapabilityGuard;

/**
 * Calls plugins' lifecycle services: {@code init} when one appears, {@code deinit} when it goes,
 * {@code healthCheck} on demand, each on the daemon's executor under the plugin's timeout. A call
 * that throws or overruns marks the plugin failed with the reason; nothing else waits on it.
 */
@Component(service = { LifecycleDriver.class, ConfigChecker.class }, immediate = true)
public class LifecycleDriver implements ConfigChecker {

    private record Managed(PluginLifecycle service, PluginContextImpl context, Bundle bundle, PluginMetadata metadata) {
    }

    private final Daemon daemon;
    private final PluginRegistry registry;
    private final Map<String, Managed> byPlugin = new ConcurrentHashMap<>();
    private final ServiceTracker<PluginLifecycle, Managed> tracker;
    private final java.util.Set<String> resumeAfterInit = ConcurrentHashMap.newKeySet();
    private final Map<String, java.util.concurrent.CompletableFuture<String>> inits = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.CompletableFuture<String>> deinits = new ConcurrentHashMap<>();
    private final org.osgi.framework.SynchronousBundleListener onShutdown;
    private final BundleContext context;
    private final ConfigService config;
    private final nexcage.core.internal.hooks.CoreHooks hooks;
    private final CapabilityGuard guard;
    private final Timed timed;

    @Activate
    public LifecycleDriver(BundleContext context, @Reference Daemon daemon, @Reference PluginRegistry registry,
            @Reference ConfigService config, @Reference nexcage.core.internal.hooks.CoreHooks hooks,
            @Reference CapabilityGuard guard, @Reference PluginAccounting accounting) {
        this.guard = guard;
        this.timed = new Timed(daemon.pluginCalls(), accounting);
        this.config = config;
        this.hooks = hooks;
        this.daemon = daemon;
        this.registry = registry;
        this.context = context;
        // the system bundle's STOPPING comes before any plugin stops: the moment for pre_shutdown
        this.onShutdown = event -> {
            if (event.getBundle().getBundleId() == 0 && event.getType() == org.osgi.framework.BundleEvent.STOPPING) {
                hooks.fire(nexcage.api.hooks.HookNames.SYSTEM_SHUTDOWN);
                preShutdownAll();
            }
        };
        context.addBundleListener(onShutdown);
        this.tracker = new ServiceTracker<>(context, PluginLifecycle.class, null) {
            @Override
            public Managed addingService(ServiceReference<PluginLifecycle> ref) {
                Bundle b = ref.getBundle();
                PluginMetadata m = registry.metadata(b).orElse(null);
                if (m == null) {
                    return null;
                }
                PluginLifecycle service = context.getService(ref);
                Managed managed = new Managed(service, new PluginContextImpl(m, daemon, config, b, guard, accounting), b, m);
                byPlugin.put(m.name(), managed);
                // never block the thread that registered the service (it may hold the bundle's lock)
                daemon.pluginCalls().execute(() -> init(managed));
                return managed;
            }

            @Override
            public void removedService(ServiceReference<PluginLifecycle> ref, Managed managed) {
                byPlugin.remove(managed.metadata.name(), managed);
                deinit(managed);
                context.ungetService(ref);
            }
        };
        tracker.open();
    }

    @Override
    public void reloaded(String plugin, Map<String, Object> values) {
        Managed m = byPlugin.get(plugin);
        if (m != null) {
            call(m, "config_reload", () -> m.service.configReload(m.context, values));
        }
    }

    /** The plugin's own verdict on a configuration: null when it accepts it (or cannot be asked). */
    @Override
    public String check(String plugin, Map<String, Object> values) {
        Managed m = byPlugin.get(plugin);
        if (m == null) {
            return null;
        }
        try {
            timed.call(plugin, PluginAccounting.LIFECYCLE + "check_config", "check_config of plugin " + plugin,
                    m.metadata.resources().timeoutSeconds(), () -> {
                m.service.checkConfig(m.context, values);
                return null;
            });
            return null;
        } catch (Timed.CallFailed e) {
            Throwable cause = e.getCause();
            return cause != null && cause.getMessage() != null && !(cause instanceof java.util.concurrent.TimeoutException)
                    ? cause.getMessage() : e.getMessage();
        }
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(onShutdown);
        tracker.close();
    }

    private void preShutdownAll() {
        List<java.util.concurrent.Future<?>> calls = new java.util.ArrayList<>();
        for (Managed m : byPlugin.values()) {
            calls.add(daemon.pluginCalls().submit(() -> call(m, "pre_shutdown", () -> m.service.preShutdown(m.context))));
        }
        for (java.util.concurrent.Future<?> f : calls) {
            try {
                f.get();
            } catch (Exception e) {
                // call() has logged it
            }
        }
    }

    /** Calls the plugin's suspend before a reload. */
    public void suspend(String plugin) {
        Managed m = byPlugin.get(plugin);
        if (m != null) {
            call(m, "suspend", () -> m.service.suspend(m.context));
        }
    }

    /** After the reloaded plugin's init, calls its resume. */
    public void resumeAfterInit(String plugin) {
        resumeAfterInit.add(plugin);
    }

    /** A lifecycle call whose exception is only logged (the plugin keeps its state). */
    private interface Call {
        void run() throws Exception;
    }

    private void call(Managed m, String what, Call c) {
        try {
            timed.call(m.metadata.name(), PluginAccounting.LIFECYCLE + what, what + " of plugin " + m.metadata.name(),
                    m.metadata.resources().timeoutSeconds(), () -> {
                        c.run();
                        return null;
                    });
        } catch (Timed.CallFailed e) {
            daemon.log().warn("plugins", e.getMessage());
        }
    }

    private static java.util.concurrent.CompletableFuture<String> outcome(
            Map<String, java.util.concurrent.CompletableFuture<String>> map, String plugin) {
        return map.computeIfAbsent(plugin, k -> new java.util.concurrent.CompletableFuture<>());
    }

    /** Calls into plugins on the daemon's executor, each counted by the accounting. */
    Timed timed() {
        return timed;
    }

    /** True when the plugin has registered a lifecycle service. */
    public boolean hasLifecycle(String plugin) {
        return byPlugin.containsKey(plugin);
    }

    /** The outcome of the plugin's next (or last) init: {@code ok} or the failure; for {@code plugin test}. */
    public java.util.concurrent.CompletableFuture<String> initOutcome(String plugin) {
        return outcome(inits, plugin);
    }

    /** The outcome of the plugin's next deinit: {@code ok} or the failure; for {@code plugin test}. */
    public java.util.concurrent.CompletableFuture<String> deinitOutcome(String plugin) {
        return outcome(deinits, plugin);
    }

    private void init(Managed m) {
        try {
            timed.call(m.metadata.name(), PluginAccounting.LIFECYCLE + "init", "init of plugin " + m.metadata.name(),
                    m.metadata.resources().timeoutSeconds(), () -> {
                        m.service.init(m.context);
                        return null;
                    });
            registry.fail(m.metadata.name(), null);
            daemon.log().info("plugins", "plugin " + m.metadata.name() + " initialized");
            outcome(inits, m.metadata.name()).complete("ok");
            config.pluginStarted(m.metadata.name());
            if (resumeAfterInit.remove(m.metadata.name())) {
                call(m, "resume", () -> m.service.resume(m.context));
            }
            check(m);
        } catch (Timed.CallFailed e) {
            registry.fail(m.metadata.name(), e.getMessage());
            daemon.log().error("plugins", "plugin " + m.metadata.name() + " failed: " + e.getMessage());
            outcome(inits, m.metadata.name()).complete(e.getMessage());
        }
    }

    private void deinit(Managed m) {
        try {
            timed.call(m.metadata.name(), PluginAccounting.LIFECYCLE + "deinit", "deinit of plugin " + m.metadata.name(),
                    m.metadata.resources().timeoutSeconds(), () -> {
                        m.service.deinit(m.context);
                        return null;
                    });
            outcome(deinits, m.metadata.name()).complete("ok");
        } catch (Timed.CallFailed e) {
            daemon.log().warn("plugins", "plugin " + m.metadata.name() + ": " + e.getMessage());
            outcome(deinits, m.metadata.name()).complete(e.getMessage());
        } finally {
            m.context.invalidate();
        }
    }

    /** Runs the named plugin's health check now; {@code UNKNOWN} when it has none. */
    public HealthStatus check(String plugin) {
        Managed m = byPlugin.get(plugin);
        return m == null ? HealthStatus.UNKNOWN : check(m);
    }

    private HealthStatus check(Managed m) {
        HealthStatus h;
        try {
            h = timed.call(m.metadata.name(), PluginAccounting.LIFECYCLE + "health_check", "health check of plugin " + m.metadata.name(),
                    m.metadata.resources().timeoutSeconds(), () -> m.service.healthCheck(m.context));
            if (h == null) {
                h = HealthStatus.UNKNOWN;
            }
        } catch (Timed.CallFailed e) {
            daemon.log().warn("plugins", e.getMessage());
            h = HealthStatus.UNHEALTHY;
        }
        registry.health(m.metadata.name(), h);
        return h;
    }
}
