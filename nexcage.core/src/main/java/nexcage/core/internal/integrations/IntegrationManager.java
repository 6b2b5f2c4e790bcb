package nexcage.core.internal.integrations;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.integration.IntegrationExtension;
import nexcage.api.PluginMetadata;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;
import nexcage.core.internal.plugins.PluginRegistry;
import nexcage.core.internal.plugins.Timed;

/**
 * The integrations plugins register (whiteboard, DESIGN §5 "Integrations and monitoring"): each
 * gets an {@link IntegrationLink} that connects it under its plugin's timeout, watches its health
 * and reconnects it; it is disconnected when its service goes or the daemon stops.
 */
@Component(service = IntegrationManager.class, immediate = true)
public class IntegrationManager {

    /** No integration of that name is registered. */
    public static final class UnknownIntegration extends Exception {
        private static final long serialVersionUID = 1L;

        UnknownIntegration(String name) {
            super("no integration is named '" + name + "'; see nexcage integration list");
        }
    }

    private final Daemon daemon;
    private final PluginRegistry plugins;
    private final Timed timed;
    private final Map<String, IntegrationLink> byName = new ConcurrentHashMap<>();
    // two threads: one plugin's overrunning call holds one for its timeout, the other goes on
    private final ScheduledExecutorService steps = Executors.newScheduledThreadPool(2, Daemon.named("nexcage-integrations"));

    @Activate
    public IntegrationManager(@Reference Daemon daemon, @Reference PluginRegistry plugins, @Reference PluginAccounting accounting) {
        this.daemon = daemon;
        this.plugins = plugins;
        this.timed = new Timed(daemon.pluginCalls(), accounting);
    }

    @Deactivate
    void deactivate() {
        byName.values().forEach(l -> l.stop("the daemon stopped"));
        byName.clear();
        steps.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindIntegration(IntegrationExtension extension, ServiceReference<IntegrationExtension> ref) {
        Bundle owner = ref.getBundle();
        Optional<PluginMetadata> meta = plugins.metadata(owner);
        String plugin = meta.map(PluginMetadata::name).orElse(owner.getSymbolicName());
        int timeout = meta.map(m -> m.resources().timeoutSeconds()).orElse(30);
        DaemonLog.About log = daemon.log().about(meta.isPresent() ? plugin : null);
        String name;
        try {
            name = extension.name();
        } catch (RuntimeException e) {
            log.warn("integrations", "an integration of plugin " + plugin + " is ignored: its name() threw " + e);
            return;
        }
        PluginCaller caller = new PluginCaller() {
            @Override
            public <T> T call(String entry, String what, java.util.concurrent.Callable<T> call) throws Exception {
                return timed.call(plugin, entry, what, timeout, call);
            }
        };
        IntegrationLink link = new IntegrationLink(extension, name, plugin, caller, this::schedule, (before, now) -> logChange(log, now));
        IntegrationLink taken = byName.putIfAbsent(name, link);
        if (taken != null) {
            log.warn("integrations", "integration '" + name + "' of plugin " + plugin + " is ignored: plugin " + taken.state().plugin()
                    + " already registered an integration of that name; rename one of them");
            return;
        }
        log.info("integrations", "integration " + name + " of plugin " + plugin + " is registered; connecting");
        link.start();
    }

    void unbindIntegration(IntegrationExtension extension) {
        byName.entrySet().removeIf(e -> {
            if (e.getValue().extension() == extension) {
                e.getValue().stop("its plugin stopped");
                return true;
            }
            return false;
        });
    }

    /** Every integration's state, by name. */
    public List<IntegrationState> list() {
        return byName.values().stream().map(IntegrationLink::state).sorted(Comparator.comparing(IntegrationState::name)).toList();
    }

    public List<String> names() {
        return list().stream().map(IntegrationState::name).toList();
    }

    /** Sends one request to the named integration and returns its answer (a failure's message is for users). */
    public Map<String, Object> send(String name, Map<String, Object> request) throws Exception {
        IntegrationLink link = byName.get(name);
        if (link == null) {
            throw new UnknownIntegration(name);
        }
        return link.send(request);
    }

    private Scheduler.Cancel schedule(Runnable task, long delayMs) {
        ScheduledFuture<?> f = steps.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException bug) {
                daemon.log().error("integrations", "an integration step failed", bug);
            }
        }, delayMs, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    private static void logChange(DaemonLog.About log, IntegrationState now) {
        String line = "integration " + now.name() + " of plugin " + now.plugin() + " is " + now.state().id() + " (health " + now.health() + ")"
                + (now.reason() == null ? "" : ": " + now.reason());
        if (now.state() == IntegrationState.State.FAILED) {
            log.warn("integrations", line);
        } else {
            log.info("integrations", line);
        }
    }
}
