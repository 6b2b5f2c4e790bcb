package nexcage.core.internal.plugins;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.HealthStatus;
import nexcage.api.PluginMetadata;
import nexcage.core.internal.daemon.Daemon;

/**
 * The inside of {@code plugin test}: in a throw-away framework started for one plugin (the
 * property {@code nexcage.test.plugin}), installs it, runs its init, health check and deinit,
 * prints one line per step to stdout, and stops the framework. Does nothing in a normal daemon.
 */
@Component(immediate = true)
public class PluginTestRun {
    /** How long to wait for a lifecycle service after the plugin became active. */
    private static final long LIFECYCLE_GRACE_MS = 2000;

    private final BundleContext context;
    private final String plugin;
    private final FrameworkListener onStarted;
    private final Daemon daemon;
    private final PluginDeployer deployer;
    private final PluginRegistry registry;
    private final LifecycleDriver lifecycle;

    @Activate
    public PluginTestRun(BundleContext context, @Reference Daemon daemon, @Reference PluginDeployer deployer,
            @Reference PluginRegistry registry, @Reference LifecycleDriver lifecycle) {
        this.context = context;
        this.daemon = daemon;
        this.deployer = deployer;
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.plugin = daemon.pluginUnderTest();
        this.onStarted = e -> {
            if ((e.getType() == FrameworkEvent.STARTED || e.getType() == FrameworkEvent.STARTLEVEL_CHANGED) && daemon.frameworkStarted()) {
                launch();
            }
        };
        if (plugin != null) {
            context.addFrameworkListener(onStarted);
            if (daemon.frameworkStarted()) {
                launch();
            }
        }
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(onStarted);
    }

    private final java.util.concurrent.atomic.AtomicBoolean launched = new java.util.concurrent.atomic.AtomicBoolean();

    private void launch() {
        if (!launched.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::run, "nexcage-plugin-test");
        t.setDaemon(true);
        t.start();
    }

    private void run() {
        PrintStream out = System.out;
        boolean passed = false;
        try {
            passed = steps(out);
        } catch (RuntimeException | InterruptedException e) {
            out.println("error: " + e);
        } finally {
            out.println("result: " + (passed ? "passed" : "failed"));
            out.flush();
            try {
                context.getBundle(0).stop();
            } catch (BundleException e) {
                Runtime.getRuntime().halt(1);
            }
        }
    }

    /** install, start, init, health_check, stop, deinit: each step printed as it ends; false when one failed. */
    private boolean steps(PrintStream out) throws InterruptedException {
        var inits = lifecycle.initOutcome(plugin);
        deployer.syncNow();
        if (!installedAndStarted(out)) {
            return false;
        }
        Bundle bundle = registry.bundle(plugin).orElseThrow();
        PluginMetadata m = registry.metadata(bundle).orElseThrow();
        String init = awaitInit(inits, m.resources().timeoutSeconds());
        boolean ok = true;
        if (init == null) {
            out.println("init: skipped (the plugin registers no lifecycle service)");
        } else {
            out.println("init: " + (init.equals("ok") ? "ok" : "failed: " + init));
            ok = init.equals("ok");
        }
        HealthStatus h = lifecycle.check(plugin);
        out.println("health_check: " + h.id());
        ok &= h != HealthStatus.UNHEALTHY;
        return stopAndDeinit(out, bundle, m.resources().timeoutSeconds(), init != null) && ok;
    }

    private boolean installedAndStarted(PrintStream out) {
        PluginRecord v = registry.byName(plugin).orElse(null);
        if (v == null) {
            out.println("install: failed: no plugin named " + plugin + " was found");
            return false;
        }
        if (v.state() == PluginState.REJECTED) {
            out.println("install: failed: " + v.reason());
            return false;
        }
        out.println("install: ok (" + v.name() + " " + v.version() + ")");
        if (v.state() != PluginState.ACTIVE) {
            out.println("start: failed: " + (v.reason() == null ? "state " + v.state().id() : v.reason()));
            return false;
        }
        out.println("start: ok");
        return true;
    }

    /** The init's outcome ("ok" or why not), or null when the plugin registers no lifecycle service. */
    private String awaitInit(java.util.concurrent.Future<String> inits, int timeoutSeconds) throws InterruptedException {
        // a lifecycle service is registered while the bundle starts; give SCR a moment to do it
        long graceEnd = System.currentTimeMillis() + LIFECYCLE_GRACE_MS;
        while (!lifecycle.hasLifecycle(plugin) && System.currentTimeMillis() < graceEnd) {
            try {
                inits.get(50, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException | java.util.concurrent.ExecutionException notYet) {
                // keep waiting until the grace ends
            }
        }
        if (!lifecycle.hasLifecycle(plugin) && !inits.isDone()) {
            return null;
        }
        try {
            return inits.get(timeoutSeconds * 1000L + 500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return "did not finish within " + timeoutSeconds + " s";
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause().toString();
        }
    }

    private boolean stopAndDeinit(PrintStream out, Bundle bundle, int timeoutSeconds, boolean initRan) throws InterruptedException {
        var deinits = lifecycle.deinitOutcome(plugin);
        try {
            lifecycle.timed().call(plugin, PluginAccounting.LIFECYCLE + "stop", "stop of plugin " + plugin, timeoutSeconds, () -> {
                bundle.stop(Bundle.STOP_TRANSIENT);
                return null;
            });
        } catch (Timed.CallFailed e) {
            out.println("stop: failed: " + e.getMessage());
            return false;
        }
        if (!initRan) {
            return true;
        }
        String deinit;
        try {
            deinit = deinits.get(timeoutSeconds * 1000L + 500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            deinit = "did not finish";
        }
        out.println("deinit: " + (deinit.equals("ok") ? "ok" : "failed: " + deinit));
        return deinit.equals("ok");
    }
}
