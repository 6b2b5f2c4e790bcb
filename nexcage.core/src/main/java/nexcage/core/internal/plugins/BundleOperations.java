package nexcage.core.internal.plugins;

import java.io.ByteArrayInputStream;
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
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.PluginHeaders;
import nexcage.api.hooks.HookNames;
import nexcage.core.admin.SandboxRunner;
import nexcage.core.internal.config.ConfigDocument;
import nexcage.core.internal.config.ConfigService;
import nexcage.core.internal.config.SecuritySettings;
import nexcage.core.internal.hooks.CoreHooks;
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

    private static final int STOP_TIMEOUT_S = 30;

    private final BundleContext context;
    private final Daemon daemon;
    private final DaemonLog log;
    private final PluginRegistry registry;
    private final LifecycleDriver lifecycle;
    private final ConfigService config;
    private final CoreHooks hooks;
    private final UninstalledBundleSweep sweep;
    /** The sandbox runner (nexcage.sandbox), null while it is not there. */
    private final Supplier<SandboxRunner> sandbox;
    /** Called with the plugin and the reason when its sandboxed child died for good (no restart left). */
    private final BiConsumer<String, String> sandboxGaveUp;

    BundleOperations(BundleContext context, Daemon daemon, PluginRegistry registry, LifecycleDriver lifecycle, ConfigService config,
            CoreHooks hooks) {
        this(context, daemon, registry, lifecycle, config, hooks, () -> null, (name, reason) -> { });
    }

    BundleOperations(BundleContext context, Daemon daemon, PluginRegistry registry, LifecycleDriver lifecycle, ConfigService config,
            CoreHooks hooks, Supplier<SandboxRunner> sandbox, BiConsumer<String, String> sandboxGaveUp) {
        this.sandbox = sandbox;
        this.sandboxGaveUp = sandboxGaveUp;
        this.context = context;
        this.daemon = daemon;
        this.log = daemon.log();
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.config = config;
        this.hooks = hooks;
        this.sweep = new UninstalledBundleSweep(context, log);
    }

    /** The bundle the deployer installed for the plugin (at {@code nexcage:plugin/NAME}), or null. */
    Bundle ownBundle(String name) {
        Bundle b = context.getBundle(PluginHeaders.LOCATION_PREFIX + name);
        return b != null && b.getState() != Bundle.UNINSTALLED ? b : null;
    }

    static String signedBy(PluginFileChecker.Checked c) {
        return c.signature() != null && c.signature().signed() ? " (signed by " + c.signature().signer() + ")" : "";
    }

    /** Moves the plugin to the checked file's content; a running plugin is suspended, stopped, and resumed after its init. */
    void update(String name, PluginFileChecker.Checked c) {
        Bundle b = ownBundle(name);
        if (b == null) {
            return;
        }
        boolean wasActive = b.getState() == Bundle.ACTIVE;
        if (wasActive) {
            lifecycle.suspend(name);
            if (!stop(name)) {
                return;
            }
        }
        try {
            updateBundle(b, c);
            config.pluginInstalled(name);
            if (wasActive) {
                lifecycle.resumeAfterInit(name);
            }
            log.about(name).info("plugins", "updated plugin " + name + " to " + c.metadata().version() + " from " + c.fileName() + signedBy(c));
        } catch (IOException | BundleException | IllegalStateException e) {
            registry.fail(name, "update from " + c.fileName() + " failed: " + e.getMessage());
            log.about(name).error("plugins", "updating plugin " + name + " failed: " + e.getMessage(), e);
        }
    }

    boolean uninstall(String name, String why) {
        Bundle b = ownBundle(name);
        PluginRecord r = registry.installed(name).orElse(null);
        if (b == null || r == null) {
            return false;
        }
        if (r.stuck()) {
            log.about(name).warn("plugins", "not uninstalling plugin " + name + ": its last start or stop never returned; restart the daemon");
            return false;
        }
        if (b.getState() == Bundle.ACTIVE && !stop(name)) {
            return false;
        }
        try {
            uninstallBundle(b);
            log.about(name).info("plugins", "uninstalled plugin " + name + ": " + why);
            return true;
        } catch (BundleException | IllegalStateException e) {
            log.about(name).error("plugins", "uninstalling plugin " + name + " failed: " + e.getMessage(), e);
            return false;
        }
    }

    /** Starts the plugin; on failure it is marked failed in this generation of changes. */
    boolean start(String name, long generation) {
        Bundle b = ownBundle(name);
        PluginRecord r = registry.installed(name).orElse(null);
        if (b == null || r == null) {
            return false;
        }
        boolean stub = SandboxChoice.isStub(b.getHeaders("")::get);
        Timed.CallFailed failed = timed(name, "start", r.metadata().resources().timeoutSeconds(), () -> {
            b.start(Bundle.START_TRANSIENT);
            if (stub) {
                startSandbox(r, b);
            }
        });
        String failure = failed == null ? null : failed.getCause() instanceof BundleException be ? startFailure(be) : failed.getMessage();
        if (failure == null) {
            registry.fail(name, null);
            registry.failedAt(name, -1);
            log.about(name).info("plugins", "plugin " + name + " " + r.version() + " is active");
            hooks.fire(HookNames.SYSTEM_PLUGIN_LOADED, "plugin", name, "version", r.version());
            return true;
        }
        registry.fail(name, failure);
        registry.failedAt(name, generation);
        // the plugin's own exception (its activator's, say) with its stack trace: in its log, where its author looks
        Throwable cause = failed.getCause() instanceof BundleException be && be.getType() != BundleException.RESOLVE_ERROR ? be.getCause() : null;
        log.about(name).error("plugins", "plugin " + name + " failed: " + failure, cause);
        hooks.fire(HookNames.SYSTEM_ERROR_OCCURRED, "plugin", name, "error", failure);
        return false;
    }

    /** Starts the sandboxed plugin's child for its started stub; on failure the stub is stopped again and the reason thrown. */
    private void startSandbox(PluginRecord r, Bundle stub) throws BundleException {
        String name = r.name();
        SandboxRunner runner = sandbox.get();
        String failure;
        if (runner == null) {
            failure = "it is to run sandboxed but the sandbox (bundle nexcage.sandbox) is not running; check the daemon log";
        } else {
            SecuritySettings sec = config.runtime().security();
            SandboxRunner.Sandboxed s = new SandboxRunner.Sandboxed(name, copyFor(name, r.version()), daemon.paths().pluginData(name),
                    daemon.paths().state().resolve("sandbox").resolve("run").resolve(name),
                    r.metadata().resources(), r.metadata().capabilities(), sec.sandboxRestarts(), sec.requireSandbox());
            try {
                runner.start(s, stub, sandboxEvents(name));
                log.about(name).info("plugins", "plugin " + name + " runs sandboxed in process " + pidOf(runner, name));
                return;
            } catch (Exception e) {
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        try {
            stub.stop(Bundle.STOP_TRANSIENT);
        } catch (BundleException | IllegalStateException e) {
            log.about(name).warn("plugins", "stopping the stub of plugin " + name + " failed: " + e.getMessage());
        }
        throw new BundleException(failure, BundleException.ACTIVATOR_ERROR);
    }

    private static long pidOf(SandboxRunner runner, String name) {
        SandboxRunner.Status st = runner.status(name);
        return st == null ? -1 : st.pid();
    }

    /** What a sandboxed child's death does to the plugin: failed with the reason; left failed (its stub stopped) when no restart is left. */
    private SandboxRunner.Events sandboxEvents(String name) {
        return new SandboxRunner.Events() {
            @Override
            public void died(String reason, boolean isFinal) {
                registry.fail(name, reason);
                log.about(name).error("plugins", "plugin " + name + " failed: " + reason);
                hooks.fire(HookNames.SYSTEM_ERROR_OCCURRED, "plugin", name, "error", reason);
                if (isFinal) {
                    sandboxGaveUp.accept(name, reason);
                }
            }

            @Override
            public void restarted() {
                registry.fail(name, null);
                log.about(name).info("plugins", "plugin " + name + " is active again in a new sandboxed process");
            }
        };
    }

    /**
     * Where the plugin is to run now: {@code process} or {@code none} (SandboxChoice), from
     * config.yaml, whether it is signed, and its own header.
     */
    String sandboxMode(String name, boolean signed, String header) {
        ConfigDocument.PluginSection s = config.current().plugins().get(name);
        return SandboxChoice.mode(s == null ? null : s.sandbox(), config.runtime().security().sandboxUnsigned(), signed, header);
    }

    /** The bytes to install for the checked plugin: its verified copy, or the stub made from it when it runs sandboxed. */
    private InputStream contentFor(PluginFileChecker.Checked c, Path copy) throws IOException {
        boolean signed = c.signature() != null && c.signature().signed();
        if (SandboxChoice.PROCESS.equals(sandboxMode(c.metadata().name(), signed, SandboxChoice.header(copy)))) {
            return new ByteArrayInputStream(StubJar.of(copy));
        }
        return Files.newInputStream(copy);
    }

    boolean stop(String name) {
        Bundle b = ownBundle(name);
        PluginRecord r = registry.installed(name).orElse(null);
        if (b == null || r == null) {
            return false;
        }
        int timeout = r.metadata() == null ? STOP_TIMEOUT_S : r.metadata().resources().timeoutSeconds();
        Timed.CallFailed failed = timed(name, "stop", timeout, () -> b.stop(Bundle.STOP_TRANSIENT));
        String failure = failed == null ? null : failed.getMessage();
        if (failure == null) {
            log.about(name).info("plugins", "plugin " + name + " stopped");
            hooks.fire(HookNames.SYSTEM_PLUGIN_UNLOADED, "plugin", name, "version", r.version());
            return true;
        }
        registry.fail(name, failure);
        log.about(name).error("plugins", "plugin " + name + ": " + failure);
        return false;
    }


    /** Installs the plugin from a copy of the checked file (or updates a bundle left at its location). */
    Bundle install(PluginFileChecker.Checked c) throws IOException, BundleException {
        String name = c.metadata().name();
        Path copy = copyOf(c);
        registry.handOver(c.metadata());
        try (InputStream in = contentFor(c, copy)) {
            Bundle existing = context.getBundle(PluginHeaders.LOCATION_PREFIX + name);
            Bundle b;
            if (existing != null) {
                existing.update(in);
                b = existing;
            } else {
                b = context.installBundle(PluginHeaders.LOCATION_PREFIX + name, in);
            }
            b.adapt(BundleStartLevel.class).setStartLevel(PLUGIN_START_LEVEL);
            log.pluginInstalled(name); // a plugin removed before writes its log again
            registry.installedFrom(name, c);
            return b;
        } finally {
            registry.withdraw(name);
        }
    }

    /** Replaces the bundle's content with a copy of the checked file and refreshes what is wired to it. */
    private void updateBundle(Bundle bundle, PluginFileChecker.Checked c) throws IOException, BundleException {
        String name = c.metadata().name();
        Path copy = copyOf(c);
        registry.handOver(c.metadata());
        try (InputStream in = contentFor(c, copy)) {
            bundle.update(in);
        } finally {
            registry.withdraw(name);
        }
        refresh(List.of(bundle));
        registry.installedFrom(name, c);
    }

    private void uninstallBundle(Bundle bundle) throws BundleException {
        bundle.uninstall();
        refresh(List.of(bundle));
        sweep.sweep();
    }

    /**
     * The copy the bundle is installed from, {@code NAME-VERSION.jar} (found again at the next boot
     * by {@link #copyFor}), made from the checked copy, never from the file in the plugin
     * directory: those are exactly the bytes that were verified.
     */
    private Path copyOf(PluginFileChecker.Checked c) throws IOException {
        if (c.copy() == null || !Files.isRegularFile(c.copy())) {
            throw new IOException("the checked copy of " + c.fileName() + " is gone; it is checked again at the next scan");
        }
        Path copy = copyFor(c.metadata().name(), c.metadata().version());
        Path tmp = copy.resolveSibling("." + copy.getFileName() + ".tmp");
        Files.copy(c.copy(), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return copy;
    }

    Path copiesDir() {
        return daemon.paths().pluginCopies();
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

    /** A bundle call that may block under the bundle's lock. */
    private interface BundleCall {
        void run() throws BundleException;
    }

    /**
     * Runs a start or stop of the plugin's bundle on its own thread within the timeout; null when it
     * returned, else why not. One that never returns marks the plugin stuck.
     */
    /** The call's failure (null: it returned), after marking the plugin stuck when the call never returned. */
    private Timed.CallFailed timed(String name, String what, int timeoutSeconds, BundleCall call) {
        try {
            lifecycle.timed().call(name, PluginAccounting.LIFECYCLE + what, what + " of plugin " + name, timeoutSeconds, () -> {
                call.run();
                return null;
            });
            return null;
        } catch (Timed.CallFailed e) {
            if (e.getCause() instanceof TimeoutException) {
                registry.stuck(name);
            }
            return e;
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
