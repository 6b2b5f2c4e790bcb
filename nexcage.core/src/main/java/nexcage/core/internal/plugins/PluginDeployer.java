package nexcage.core.internal.plugins;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import nexcage.api.PluginHeaders;
import nexcage.api.hooks.HookNames;
import nexcage.core.admin.SandboxRunner;
import nexcage.core.internal.config.ConfigDocument;
import nexcage.core.internal.config.ConfigListener;
import nexcage.core.internal.config.ConfigService;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;
import nexcage.core.internal.daemon.NativeHeapTrim;
import nexcage.core.internal.hooks.CoreHooks;
import nexcage.core.internal.plugins.PluginReconciler.Action;
import nexcage.security.admin.CapabilityGuard;
import nexcage.security.admin.PluginAudit;

/**
 * Keeps the installed plugins in step with the plugin directories: on its one worker thread (so
 * nothing interleaves) it scans the {@link PluginDirectory}, asks the {@link PluginReconciler}
 * what to do, and carries that out with {@link BundleOperations}, writing what happened into the
 * {@link PluginRegistry}. {@link PluginOperations} runs the CLI's plugin operations on the same
 * thread. Its parts by role: {@link PluginFileActions} carries out the reconciler's file actions,
 * {@link BootSync} says when the boot's plugins are in; this class keeps the worker thread, the
 * rounds and what they share (the generation, the trust and audit checks, where each plugin runs).
 */
@Component(service = { PluginDeployer.class, ConfigListener.class }, immediate = true)
public class PluginDeployer implements ConfigListener {
    private static final long OPERATION_TIMEOUT_S = 330;

    private final BundleContext context;
    private final PluginRegistry registry;
    private final ConfigService config;
    private final CoreHooks hooks;
    private final NativeHeapTrim trim;
    private final DaemonLog log;
    private final BundleOperations bundles;
    private final PluginDirectory directory;
    private final PluginFileActions fileActions;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(Daemon.named("nexcage-deployer"));
    private final AtomicBoolean syncPending = new AtomicBoolean();
    private final BootSync boot = new BootSync();
    private final FrameworkListener onStarted;
    private volatile boolean started;
    /** Whether the last scan left files being checked. */
    private boolean checking;
    /** Counts the syncs that changed a bundle: a plugin whose start failed is tried again only after one. */
    private long generation;
    private final TrustSettings trust;
    /** The bytecode audit of plugin files (nexcage.security); without it, {@code audit: enforce} rejects every file. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile PluginAudit audit;
    /** Runs the sandboxed plugins (nexcage.sandbox); without it a sandboxed plugin fails to start, saying so. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SandboxRunner sandbox;

    @Activate
    public PluginDeployer(BundleContext context, @Reference Daemon daemon, @Reference PluginRegistry registry,
            @Reference LifecycleDriver lifecycle, @Reference ConfigService config, @Reference CoreHooks hooks,
            @Reference CapabilityGuard guardMustExist, @Reference NativeHeapTrim trim) {
        // a static mandatory reference: without the capability guard this component does not activate, so no plugin
        // starts before the guarded services can check it (and none runs if nexcage.security is missing)
        this.context = context;
        this.registry = registry;
        this.config = config;
        this.hooks = hooks;
        this.log = daemon.log();
        this.trim = trim;
        this.bundles = new BundleOperations(context, daemon, registry, lifecycle, config, hooks, () -> sandbox, this::sandboxGaveUp);
        this.trust = new TrustSettings(config, daemon, context::getProperty);
        String system = context.getProperty("nexcage.system_plugin_dir");
        this.directory = new PluginDirectory(config::pluginDir, system == null || system.isBlank() ? null : Path.of(system), log,
                message -> config.runtime().masked(message),
                this::requestSync);
        this.fileActions = new PluginFileActions(registry, bundles, directory, config, log, this::requestSync);
        this.onStarted = event -> {
            if ((event.getType() == FrameworkEvent.STARTED || event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) && daemon.frameworkStarted()) {
                begin();
            }
        };
        context.addFrameworkListener(onStarted);
        if (daemon.frameworkStarted()) {
            // the core was restarted inside a running framework: STARTED will not come again
            begin();
        }
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(onStarted);
        started = false;
        directory.stop();
        worker.shutdownNow();
    }

    /** config.yaml was applied: its enabled flags are recorded, and the plugins follow them and the settings. */
    @Override
    public void configApplied(ConfigDocument current) {
        Map<String, Boolean> flags = new TreeMap<>();
        current.plugins().values().forEach(s -> flags.put(s.name(), s.enabled()));
        registry.recordFileFlags(flags);
        requestSync();
    }

    private synchronized void begin() {
        if (started) {
            return;
        }
        started = true;
        worker.execute(this::adoptCachedPlugins);
        worker.execute(() -> pruneCopies(true));
        worker.execute(directory::watch);
        worker.scheduleWithFixedDelay(this::syncQuietly, 0, PluginDirectory.RESCAN_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * The framework cache survives restarts, so plugin bundles from the last run may be there
     * (stopped: their starts were transient). They are taken over and reconciled with the
     * directory like any other: updated if their file changed, uninstalled if it is gone.
     */
    private void adoptCachedPlugins() {
        for (PluginRecord r : registry.installed()) {
            Bundle b = ownBundle(r.name());
            if (b != null && r.source() == null) {
                Path copy = bundles.copyFor(r.name(), r.version());
                String sha = Files.exists(copy) ? PluginFileChecker.sha256(copy) : null;
                registry.adopted(r.name(), sha == null ? "" : sha);
            }
        }
    }

    /** Asks for a sync soon; many requests in a burst make one sync. */
    public void requestSync() {
        if (started && syncPending.compareAndSet(false, true)) {
            worker.schedule(() -> {
                syncPending.set(false);
                syncQuietly();
            }, 10, TimeUnit.MILLISECONDS);
        }
    }

    private void syncQuietly() {
        try {
            sync(false);
        } catch (RuntimeException e) {
            log.error("plugins", "syncing the plugin directory failed: " + e, e);
        } finally {
            if (boot.roundEnded(checking, System.currentTimeMillis())) {
                hooks.fire(HookNames.SYSTEM_STARTUP, "plugins", String.join(",", installedView().keySet()));
                trim.busy(); // the boot's memory is freed: give it back once nothing else comes
            }
        }
    }

    /**
     * Waits (bounded) until the plugins present at boot have been installed and started, so the
     * first commands see them; returns false when that did not happen in time.
     */
    public boolean awaitBoot(long timeout, TimeUnit unit) throws InterruptedException {
        return boot.await(timeout, unit);
    }

    /**
     * While the plugins present at boot are not all in: the plugin files of the directories now
     * (for {@code plugin list}, which answers without waiting for them and lists those that no
     * record names yet, {@link BootListing}); empty once they are in.
     */
    public java.util.Optional<List<Path>> bootFiles() {
        return boot.pending() ? java.util.Optional.of(directory.files()) : java.util.Optional.empty();
    }

    /** Runs an operation on the deployer's thread and waits for it. */
    <T> T onWorker(Callable<T> op) {
        try {
            return worker.submit(op).get(OPERATION_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the plugin operation did not finish within " + OPERATION_TIMEOUT_S + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Brings the installed plugins in step with the directory now, and waits for it. */
    public void syncNow() {
        onWorker(() -> {
            sync();
            return null;
        });
    }

    PluginFileChecker checker() {
        return trust.checker().audit(new InstallAudit(config.runtime().security().audit(), audit));
    }

    PluginDirectory directory() {
        return directory;
    }

    BundleOperations bundles() {
        return bundles;
    }

    /** The bundle the deployer installed for the plugin (at {@code nexcage:plugin/NAME}), or null. */
    Bundle ownBundle(String name) {
        return bundles.ownBundle(name);
    }

    /** The deployer's plugins as the reconciler sees them. */
    Map<String, PluginReconciler.Installed> installedView() {
        Map<String, PluginReconciler.Installed> out = new TreeMap<>();
        for (PluginRecord r : registry.installed()) {
            Bundle b = ownBundle(r.name());
            if (r.deployed() && b != null && b.getBundleId() == r.bundleId()) {
                // a plugin that runs where it no longer should (config.yaml's sandbox changed) looks changed: it is installed again
                String sha = r.sha256() == null || !runsWhereItShould(r, b) ? "" : r.sha256();
                out.put(r.name(), new PluginReconciler.Installed(r.name(), r.version(), r.source(), sha,
                        r.source() != null && Files.exists(r.source()), b.getState() == Bundle.ACTIVE, registry.isEnabled(r.name()),
                        r.stuck(), r.failedAtGeneration() == generation, r.metadata().dependencies()));
            }
        }
        return out;
    }

    private boolean runsWhereItShould(PluginRecord r, Bundle b) {
        boolean stub = SandboxChoice.isStub(b.getHeaders("")::get);
        String wanted = bundles.sandboxMode(r.name(), r.signer() != null, b.getHeaders("").get(PluginHeaders.SANDBOX));
        return stub == SandboxChoice.PROCESS.equals(wanted);
    }

    /** A sandboxed plugin's child died with no restart left: its stub is stopped and it stays failed until a change or an enable. */
    private void sandboxGaveUp(String name, String reason) {
        worker.execute(() -> {
            if (ownBundle(name) != null && ownBundle(name).getState() == Bundle.ACTIVE) {
                bundles.stop(name);
            }
            registry.fail(name, reason);
            registry.failedAt(name, generation);
        });
    }

    // ---- the reconciliation --------------------------------------------------------------

    /**
     * When the signature setting or the trusted certificates change, every file is checked again,
     * and a running plugin whose file no longer passes is stopped (it is not trusted any more).
     */
    private void recheckTrust() {
        if (!trust.changed()) {
            return;
        }
        log.info("plugins", "signature settings, trusted certificates or runtime.security.audit changed; checking every plugin again");
        directory.forgetChecks();
        PluginFileChecker checker = checker();
        for (PluginReconciler.Installed inst : installedView().values()) {
            if (inst.sourceExists()) {
                PluginFileChecker.Checked c = checker.check(inst.source());
                if (!c.ok()) {
                    bundles.uninstall(inst.name(), "it no longer passes the checks: " + c.reason());
                }
            }
        }
    }

    /** One round, for a command: it waits (bounded) for the files' checks, so it sees every file. */
    void sync() {
        sync(true);
    }

    /** How long a background round waits for the checks under way before it decides without them. */
    private static final long CHECK_GRACE_MS = 2000;

    /** One round: the directory's files against the installed plugins, then what may run. */
    private void sync(boolean awaitChecks) {
        recheckTrust();
        directory.watch();
        PluginFileChecker checker = checker();
        PluginDirectory.Scan scan = directory.scan(checker);
        if (scan.checking()) {
            // files checked side by side are decided together, so which of two files with the same name and
            // version wins does not depend on which check ended first; a slow file (a zip bomb, until its cap
            // stops it) holds up the other plugins at most CHECK_GRACE_MS
            if (awaitChecks) {
                directory.awaitChecks(OPERATION_TIMEOUT_S / 2);
            } else {
                directory.awaitChecksQuietly(CHECK_GRACE_MS);
            }
            scan = directory.scan(checker);
        }
        checking = scan.checking();
        if (scan.waiting() || checking && boot.pending()) {
            worker.schedule(this::syncQuietly, PluginDirectory.SETTLE_MS, TimeUnit.MILLISECONDS);
        }
        if (fileActions.carryOut(PluginReconciler.files(scan.files(), installedView()))) {
            generation++;
        }
        startEligible();
        pruneCopies(false);
    }

    /** Deletes the copies that back no installed plugin and no current check ({@link PluginCopies}). */
    private void pruneCopies(boolean atStart) {
        PluginCopies.prune(bundles.copiesDir(), () -> {
            if (directory.checksRunning()) {
                return null;
            }
            Set<Path> keep = new HashSet<>(directory.checkedCopies());
            registry.installed().forEach(r -> keep.add(bundles.copyFor(r.name(), r.version())));
            return keep;
        }, atStart, message -> log.warn("plugins", message));
    }

    /** What a sync would do to the files now, without doing it (for {@code plugin reload --dry-run}). */
    List<Action> plan() {
        PluginFileChecker checker = checker();
        if (directory.scan(checker).checking()) {
            directory.awaitChecks(OPERATION_TIMEOUT_S / 2);
        }
        return PluginReconciler.files(directory.scan(checker).files(), installedView());
    }

    /** Starts every enabled plugin whose dependencies are active; stops those whose are not. Again while something changed. */
    void startEligible() {
        boolean progress = true;
        for (int round = 0; progress && round < 100; round++) {
            progress = false;
            for (Action a : PluginReconciler.running(installedView())) {
                if (a instanceof PluginReconciler.Start s) {
                    progress |= bundles.start(s.name(), generation);
                } else if (a instanceof PluginReconciler.Stop s) {
                    progress |= bundles.stop(s.name());
                } else if (a instanceof PluginReconciler.Fail f) {
                    registry.fail(f.name(), f.reason());
                }
            }
        }
    }

    /** A change that must lead to new start attempts (an operation changed a bundle). */
    void changed() {
        generation++;
    }
}
