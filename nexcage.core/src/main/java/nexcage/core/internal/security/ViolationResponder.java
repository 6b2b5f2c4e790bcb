package nexcage.core.internal.security;

import java.util.concurrent.Executor;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import nexcage.api.hooks.HookNames;
import nexcage.core.internal.config.ConfigService;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;
import nexcage.core.internal.hooks.CoreHooks;
import nexcage.core.internal.plugins.PluginOperations;
import nexcage.security.admin.HiddenFromPlugins;
import nexcage.security.admin.Violation;
import nexcage.security.admin.ViolationListener;

/**
 * What the core does with each violation the security bundle records, of a capability or of a
 * resource limit (DESIGN §5): a
 * line in the daemon log, the {@code security.violation} hook, and {@code runtime.security}'s
 * policy ({@link ViolationPolicy}). It is called on the violating thread, which may hold locks a
 * hook handler or the deployer needs, so the hook and the disable run on the daemon's executor.
 */
@Component(service = ViolationListener.class, immediate = true)
public class ViolationResponder implements ViolationListener {
    private final BundleContext context;
    private final DaemonLog log;
    private final CoreHooks hooks;
    private final PluginOperations operations;
    private final Executor executor;
    private final ViolationPolicy policy;
    private final HookRelay<Violation> relay;
    private final SynchronousBundleListener starts;

    @Activate
    public ViolationResponder(BundleContext context, @Reference Daemon daemon, @Reference CoreHooks hooks, @Reference ConfigService config,
            @Reference PluginOperations operations) {
        this.context = context;
        this.log = daemon.log();
        this.hooks = hooks;
        this.operations = operations;
        this.executor = daemon.pluginCalls();
        this.policy = new ViolationPolicy(() -> config.runtime().security());
        this.relay = new HookRelay<>(executor, this::fire, n -> log.warn("security", n
                + " security.violation hooks were not fired: violations came faster than the hook handlers took them"));
        // a plugin's violations are counted since it last started, so a plugin enabled again starts from nothing; told
        // synchronously as the start begins (the starting thread, before the plugin's own code runs), so a violation made
        // while it starts is counted in the new round, and this does no more than clear two map entries
        this.starts = event -> {
            if (event.getType() == BundleEvent.STARTING) {
                String plugin = HiddenFromPlugins.pluginName(event.getBundle().getLocation());
                if (plugin != null) {
                    policy.started(plugin);
                }
            }
        };
        context.addBundleListener(starts);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(starts);
    }

    @Override
    public void violated(Violation v) {
        try {
            if (ViolationPolicy.logged(v)) {
                log.warn("security", "plugin " + v.plugin() + " " + ViolationPolicy.described(v)
                        + (v.count() > 1 ? " (" + v.count() + " times so far)" : ""));
            }
            relay.offer(v);
            String reason = policy.count(v);
            if (reason != null) {
                executor.execute(() -> disable(v.plugin(), reason));
            }
        } catch (RuntimeException e) {
            // told on the violating thread: whatever goes wrong here must not become the plugin's problem
            log.error("security", "handling a violation of plugin " + v.plugin() + " failed: " + e, e);
        }
    }

    private void fire(Violation v) {
        hooks.fire(HookNames.SECURITY_VIOLATION, "plugin", v.plugin(), "kind", v.kind(), "capability", v.capability(),
                "operation", v.operation(), "detail", v.detail(), "count", Long.toString(v.count()));
    }

    private void disable(String plugin, String reason) {
        try {
            if (operations.disableWithReason(plugin, reason)) {
                log.warn("security", "plugin " + plugin + " " + reason);
            }
        } catch (RuntimeException e) {
            log.error("security", "could not disable plugin " + plugin + " (" + reason + "): " + e.getMessage(), e);
        }
    }
}
