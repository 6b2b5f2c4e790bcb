package nexcage.core.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

import nexcage.api.PluginHeaders;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;

/**
 * What the deployer does to plugin bundles (DESIGN §3): installs from a verified copy in
 * {@code $NEXCAGE_STATE/plugins/} at location {@code nexcage:plugin/NAME}, updates, uninstalls,
 * refreshes only the wired closure, and starts and stops each plugin on a thread of its own under
 * its {@code timeout_seconds}, because Felix runs activators under the bundle's lock with no limit.
 * A start or stop that never returns marks the plugin stuck in the registry; a refresh whose
 * closure holds a STARTING or STOPPING bundle is never issued.
 */
final class BundleOperations {
    /** Plugins start after the core, so the core's services are in place first. */
    static final int PLUGIN_START_LEVEL = Daemon.PLUGIN_START_LEVEL;
    private static final long REFRESH_WAIT_S = 30;

    private final BundleContext context;
    private final Daemon daemon;
    private final DaemonLog log;
    private final PluginRegistry registry;

    BundleOperations(BundleContext context, Daemon daemon, PluginRegistry registry) {
        this.context = context;
        this.daemon = daemon;
        this.log = daemon.log();
        this.registry = registry;
    }

    /** Installs the plugin from a copy of the checked file (or updates a bundle left at its location). */
    Bundle install(PluginFileChecker.Checked c) throws IOException, BundleException {
        String name = c.metadata().name();
        Path copy = copyOf(c);
        registry.handOver(c.metadata());
        try (InputStream in = Files.newInputStream(copy)) {
            Bundle existing = context.getBundle(PluginHeaders.LOCATION_PREFIX + name);
            Bundle b;
            if (existing != null) {
                existing.update(in);
                b = existing;
            } else {
                b = context.installBundle(PluginHeaders.LOCATION_PREFIX + name, in);
            }
            b.adapt(BundleStartLevel.class).setStartLevel(PLUGIN_START_LEVEL);
            registry.installedFrom(name, c);
            return b;
        } finally {
            registry.withdraw(name);
        }
    }

    /** Replaces the bundle's content with a copy of the checked file and refreshes what is wired to it. */
    void update(Bundle bundle, PluginFileChecker.Checked c) throws IOException, BundleException {
        String name = c.metadata().name();
        Path copy = copyOf(c);
        registry.handOver(c.metadata());
        try (InputStream in = Files.newInputStream(copy)) {
            bundle.update(in);
        } finally {
            registry.withdraw(name);
        }
        refresh(List.of(bundle));
        registry.installedFrom(name, c);
    }

    void uninstall(Bundle bundle) throws BundleException {
        bundle.uninstall();
        refresh(List.of(bundle));
    }

    private Path copyOf(PluginFileChecker.Checked c) throws IOException {
        Path dir = daemon.paths().pluginCopies();
        Files.createDirectories(dir);
        Path copy = dir.resolve(c.metadata().name() + "-" + c.metadata().version() + ".jar");
        Path tmp = dir.resolve("." + copy.getFileName() + ".tmp");
        Files.copy(c.file(), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return copy;
    }

    /** The copy a cached bundle was installed from, for the digest that tells whether its file changed. */
    Path copyFor(String name, String version) {
        return daemon.paths().pluginCopies().resolve(name + "-" + version + ".jar");
    }

    /** The bundles a reload of this one refreshes: it and every bundle wired to it. */
    Collection<Bundle> closure(Bundle bundle) {
        return context.getBundle(0).adapt(FrameworkWiring.class).getDependencyClosure(List.of(bundle));
    }

    /**
     * Refreshes only the given bundles and those wired to them, never the whole framework, and
     * never when that closure holds a bundle that is starting or stopping (a hung activator would
     * then freeze the refresh and every later install).
     */
    void refresh(Collection<Bundle> bundles) {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        Collection<Bundle> closure = wiring.getDependencyClosure(bundles);
        for (Bundle b : closure) {
            if (b.getState() == Bundle.STARTING || b.getState() == Bundle.STOPPING) {
                log.warn("plugins", "not refreshing: bundle " + b.getSymbolicName() + " is still "
                        + (b.getState() == Bundle.STARTING ? "starting" : "stopping") + "; restart the daemon to clear it");
                return;
            }
        }
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(bundles, event -> done.countDown());
        try {
            if (!done.await(REFRESH_WAIT_S, TimeUnit.SECONDS)) {
                log.warn("plugins", "refreshing " + closure.size() + " bundles took longer than " + REFRESH_WAIT_S + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the plugin's bundle (transiently) within its timeout; null when it is active, else why not. */
    String start(String name, Bundle bundle, int timeoutSeconds) {
        try {
            Timed.call(daemon.pluginCalls(), "start of plugin " + name, timeoutSeconds, () -> {
                bundle.start(Bundle.START_TRANSIENT);
                return null;
            });
            return null;
        } catch (Timed.CallFailed e) {
            markIfStuck(name, e);
            return e.getCause() instanceof BundleException be ? startFailure(be) : e.getMessage();
        }
    }

    /** Stops the plugin's bundle (transiently) within its timeout; null when it stopped, else why not. */
    String stop(String name, Bundle bundle, int timeoutSeconds) {
        try {
            Timed.call(daemon.pluginCalls(), "stop of plugin " + name, timeoutSeconds, () -> {
                bundle.stop(Bundle.STOP_TRANSIENT);
                return null;
            });
            return null;
        } catch (Timed.CallFailed e) {
            markIfStuck(name, e);
            return e.getMessage();
        }
    }

    private void markIfStuck(String name, Timed.CallFailed e) {
        if (e.getCause() instanceof TimeoutException) {
            registry.stuck(name);
        }
    }

    private static String startFailure(BundleException e) {
        String msg = e.getMessage();
        if (e.getType() == BundleException.RESOLVE_ERROR) {
            return "cannot resolve: " + msg + "; install the plugin or bundle that provides it";
        }
        Throwable cause = e.getCause();
        return "start failed: " + (cause == null ? msg : cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
}
