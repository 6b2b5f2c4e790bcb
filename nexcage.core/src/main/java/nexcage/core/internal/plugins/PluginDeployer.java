package nexcage.core.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import nexcage.api.PluginDependency;
import nexcage.api.PluginHeaders;
import nexcage.api.PluginMetadata;
import nexcage.core.internal.config.ConfigService;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;

/**
 * Keeps the installed plugins in step with the plugin directory, and carries out the plugin
 * commands. One thread does all of it, so operations never interleave. Each file is checked,
 * copied to {@code $NEXCAGE_STATE/plugins/} and installed from the copy at
 * {@code nexcage:plugin/NAME}; starts and stops run on a thread of their own under the plugin's
 * timeout, because Felix runs activators under the bundle's lock with no limit (DESIGN §3).
 */
@Component(service = PluginDeployer.class, immediate = true)
public class PluginDeployer {
    /** Plugins start after the core, so the core's services are in place first. */
    static final int PLUGIN_START_LEVEL = Daemon.PLUGIN_START_LEVEL;
    /** A file that is not a complete zip is judged only once it has not changed for this long. */
    static final long SETTLE_MS = 300;
    static final long RESCAN_MS = 2000;
    private static final long OPERATION_TIMEOUT_S = 330;

    /** A plugin the deployer installed: its bundle and the file it came from. */
    private static final class Installed {
        final String name;
        final Bundle bundle;
        Path source;
        String sha256;
        String version;

        Installed(String name, Bundle bundle, Path source, String sha256, String version) {
            this.name = name;
            this.bundle = bundle;
            this.source = source;
            this.sha256 = sha256;
            this.version = version;
        }
    }

    private record Seen(long size, long mtime, long since) {
    }

    private final BundleContext context;
    private final Daemon daemon;
    private final PluginRegistry registry;
    private final LifecycleDriver lifecycle;
    private final ConfigService config;
    private final nexcage.core.internal.hooks.CoreHooks hooks;
    private final DaemonLog log;
    private final PluginStateStore store;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(Daemon.named("nexcage-deployer"));
    private final Map<String, Installed> installed = new TreeMap<>();
    private final Map<Path, Seen> seen = new HashMap<>();
    private final Map<Path, PluginFileChecker.Checked> checkedCache = new HashMap<>();
    private final Map<Path, String> rejectedLogged = new HashMap<>();
    /** Files the framework refused to install, with the reason, until they change. */
    private final Map<Path, String> refused = new HashMap<>();
    private Set<String> rejectedFilesThisSync = new HashSet<>();
    private final Set<String> stuck = new HashSet<>();
    private final Map<String, Long> failedAtGeneration = new HashMap<>();
    private final AtomicBoolean syncPending = new AtomicBoolean();
    private final CountDownLatch firstSync = new CountDownLatch(1);
    private final FrameworkListener onStarted;
    private volatile boolean started;
    private long generation;
    private String trust;
    private volatile Path watchedDir;
    private WatchService watcher;
    private Thread watchThread;

    @Activate
    public PluginDeployer(BundleContext context, @Reference Daemon daemon, @Reference PluginRegistry registry,
            @Reference LifecycleDriver lifecycle, @Reference ConfigService config,
            @Reference nexcage.core.internal.hooks.CoreHooks hooks) throws IOException {
        this.config = config;
        this.hooks = hooks;
        this.context = context;
        this.daemon = daemon;
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.log = daemon.log();
        this.store = config.flags();
        config.onChange(this::requestSync);
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
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        worker.shutdownNow();
    }

    private synchronized void begin() {
        if (started) {
            return;
        }
        started = true;
        worker.execute(this::adoptCachedPlugins);
        startWatching();
        worker.scheduleWithFixedDelay(this::syncQuietly, 0, RESCAN_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * The plugins that ship with NexCage (the Docker backend): a read-only directory beside the
     * runtime jar, set by the launcher; they are plugins like any other, except that
     * {@code plugin remove} leaves their files alone (disable them instead).
     */
    private Path systemPluginDir() {
        String p = context.getProperty("nexcage.system_plugin_dir");
        if (p == null || p.isBlank()) {
            return null;
        }
        Path dir = Path.of(p);
        return Files.isDirectory(dir) ? dir : null;
    }

    private void startWatching() {
        Path dir = config.pluginDir();
        watchedDir = dir;
        try {
            Files.createDirectories(dir);
            watcher = FileSystems.getDefault().newWatchService();
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            Path system = systemPluginDir();
            if (system != null) {
                system.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        } catch (IOException e) {
            log.warn("plugins", config.runtime().masked("cannot watch the plugin directory " + dir + " (" + e.getMessage()
                    + "); changes are picked up every " + RESCAN_MS / 1000 + " s instead"));
            return;
        }
        watchThread = new Thread(() -> {
            try {
                while (started) {
                    var key = watcher.take();
                    key.pollEvents();
                    key.reset();
                    requestSync();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // the daemon is stopping
            }
        }, "nexcage-plugin-watch");
        watchThread.setDaemon(true);
        watchThread.start();
    }

    /**
     * The framework cache survives restarts, so plugin bundles from the last run may be there
     * (stopped: their starts were transient). They are taken over and reconciled with the
     * directory like any other: updated if their file changed, uninstalled if it is gone.
     */
    private void adoptCachedPlugins() {
        for (Bundle b : context.getBundles()) {
            String loc = b.getLocation();
            if (!loc.startsWith(PluginHeaders.LOCATION_PREFIX) || b.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            String name = loc.substring(PluginHeaders.LOCATION_PREFIX.length());
            String version = b.getVersion().toString();
            Path copy = daemon.paths().pluginCopies().resolve(name + "-" + version + ".jar");
            String sha = Files.exists(copy) ? PluginFileChecker.sha256(copy) : "";
            installed.put(name, new Installed(name, b, null, sha == null ? "" : sha, version));
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
            sync();
        } catch (RuntimeException e) {
            log.error("plugins", "syncing the plugin directory failed: " + e);
        } finally {
            if (firstSync.getCount() > 0) {
                firstSync.countDown();
                hooks.fire(nexcage.api.hooks.HookNames.SYSTEM_STARTUP, "plugins", String.join(",", installed.keySet()));
            }
        }
    }

    /**
     * Waits (bounded) until the plugins present at boot have been installed and started, so the
     * first commands see them; returns false when that did not happen in time.
     */
    public boolean awaitBoot(long timeout, TimeUnit unit) throws InterruptedException {
        return firstSync.await(timeout, unit);
    }

    /** Runs an operation on the deployer's thread and waits for it. */
    private <T> T onWorker(Callable<T> op) {
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
        List<X509Certificate> trusted;
        try {
            trusted = JarSignatures.trustedCertificates(config.trustedCertsDir());
        } catch (IOException e) {
            log.error("plugins", e.getMessage());
            trusted = List.of();
        }
        return new PluginFileChecker(daemon.runtimeVersion(), config.requireSignatures(), trusted, config.maxPluginSizeBytes());
    }

    // ---- the reconciliation --------------------------------------------------------------

    /** What decides a signature check: the setting and the trusted certificates' names and times. */
    private String trustFingerprint() {
        StringBuilder b = new StringBuilder().append(config.requireSignatures());
        Path dir = config.trustedCertsDir();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                List<String> entries = new ArrayList<>();
                for (Path p : ds) {
                    entries.add(p.getFileName() + "@" + Files.getLastModifiedTime(p).toMillis() + "/" + Files.size(p));
                }
                entries.sort(null);
                b.append(entries);
            } catch (IOException e) {
                b.append("unreadable");
            }
        }
        return b.toString();
    }

    /**
     * When the signature setting or the trusted certificates change, every file is checked again,
     * and a running plugin whose file no longer passes is stopped (it is not trusted any more).
     */
    private void recheckTrust() {
        String now = trustFingerprint();
        if (now.equals(trust)) {
            return;
        }
        boolean first = trust == null;
        trust = now;
        if (first) {
            return;
        }
        log.info("plugins", "signature settings or trusted certificates changed; checking every plugin again");
        checkedCache.clear();
        PluginFileChecker checker = checker();
        for (Installed inst : new ArrayList<>(installed.values())) {
            if (inst.source == null || !Files.exists(inst.source)) {
                continue;
            }
            PluginFileChecker.Checked c = checker.check(inst.source);
            if (!c.ok()) {
                if (inst.bundle.getState() == Bundle.ACTIVE) {
                    stop(inst);
                }
                uninstall(inst, "it no longer passes the signature check: " + c.reason());
            }
        }
    }

    private void sync() {
        recheckTrust();
        if (watchedDir != null && !watchedDir.equals(config.pluginDir())) {
            log.info("plugins", config.runtime().masked("the plugin directory is now " + config.pluginDir() + " (was " + watchedDir + ")"));
            try {
                watcher.close();
            } catch (IOException e) {
                // replaced below
            }
            startWatching();
        }
        List<Path> files = new ArrayList<>();
        Path system = systemPluginDir();
        if (system != null) {
            files.addAll(pluginFiles(system));
        }
        files.addAll(pluginFiles(config.pluginDir()));
        long now = System.currentTimeMillis();
        boolean waiting = false;
        PluginFileChecker checker = checker();
        Map<String, List<PluginFileChecker.Checked>> byName = new TreeMap<>();
        Set<String> rejectedFiles = new HashSet<>();
        for (Path f : files) {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(f, BasicFileAttributes.class);
            } catch (IOException e) {
                continue;
            }
            long mtime = a.lastModifiedTime().toMillis();
            Seen prev = seen.get(f);
            if (prev == null || prev.size != a.size() || prev.mtime != mtime) {
                prev = new Seen(a.size(), mtime, now);
                seen.put(f, prev);
                checkedCache.remove(f);
                refused.remove(f);
            }
            PluginFileChecker.Checked c = checkedCache.computeIfAbsent(f, checker::check);
            // A complete zip is taken at once (a rename, or a copy that has finished). One that is not
            // a zip yet is most likely still being written: it is judged only once it has stopped changing.
            if (c.incomplete() && now - prev.since < SETTLE_MS) {
                waiting = true;
                checkedCache.remove(f);
                continue;
            }
            if (!c.ok()) {
                rejectedFiles.add(c.fileName());
                if (!c.reason().equals(rejectedLogged.get(f))) {
                    log.warn("plugins", "rejected " + c.fileName() + ": " + c.reason());
                    rejectedLogged.put(f, c.reason());
                }
                registry.reject(c.listedName(), c.version(), c.fileName(), c.reason());
                continue;
            }
            String refusedWhy = refused.get(f);
            if (refusedWhy != null) {
                // the framework refused this very file before; it is judged again once it changes
                rejectedFiles.add(c.fileName());
                registry.reject(c.listedName(), c.version(), c.fileName(), refusedWhy);
                continue;
            }
            byName.computeIfAbsent(c.metadata().name(), k -> new ArrayList<>()).add(c);
        }
        seen.keySet().retainAll(files);
        refused.keySet().retainAll(checkedCache.keySet());
        checkedCache.keySet().retainAll(files);
        rejectedLogged.keySet().retainAll(files);
        if (waiting) {
            worker.schedule(this::syncQuietly, SETTLE_MS, TimeUnit.MILLISECONDS);
        }
        rejectedFilesThisSync = rejectedFiles;

        Map<String, PluginFileChecker.Checked> winners = new TreeMap<>();
        for (Map.Entry<String, List<PluginFileChecker.Checked>> e : byName.entrySet()) {
            winners.put(e.getKey(), chooseWinner(e.getKey(), e.getValue()));
        }
        boolean changed = false;
        for (PluginFileChecker.Checked w : winners.values()) {
            Installed inst = installed.get(w.metadata().name());
            if (inst == null) {
                changed |= install(w) != null;
            } else if (!w.sha256().equals(inst.sha256)) {
                changed |= update(inst, w);
            } else if (inst.source == null || !w.file().equals(inst.source)) {
                inst.source = w.file();
                registry.setFile(inst.bundle, w.fileName());
            }
        }
        for (Installed inst : new ArrayList<>(installed.values())) {
            if (!winners.containsKey(inst.name) && (inst.source == null || !Files.exists(inst.source))) {
                changed |= uninstall(inst, inst.source == null ? "its file is no longer in the plugin directory"
                        : "its file " + inst.source.getFileName() + " was removed");
            }
        }
        registry.retainRejections(rejectedFiles);
        rejectedLogged.keySet().removeIf(p -> !rejectedFiles.contains(p.getFileName().toString()));
        if (changed) {
            generation++;
        }
        startEligible();
    }

    private PluginFileChecker.Checked chooseWinner(String name, List<PluginFileChecker.Checked> files) {
        Installed inst = installed.get(name);
        files.sort(Comparator.<PluginFileChecker.Checked, Boolean>comparing(c -> inst == null || !c.file().equals(inst.source)
                        && !c.sha256().equals(inst.sha256))
                .thenComparing(c -> seen.get(c.file()).mtime()).thenComparing(PluginFileChecker.Checked::fileName));
        PluginFileChecker.Checked best = files.get(0);
        for (PluginFileChecker.Checked c : files) {
            if (compareVersions(c.metadata().version(), best.metadata().version()) > 0) {
                best = c;
            }
        }
        for (PluginFileChecker.Checked c : files) {
            if (c == best) {
                registry.clearRejection(c.fileName());
                continue;
            }
            int cmp = compareVersions(c.metadata().version(), best.metadata().version());
            // the file names alone do not tell which is which when the two lie in different folders (user's and system's)
            boolean apart = !c.file().getParent().equals(best.file().getParent());
            String winner = apart ? best.file().toString() : best.fileName();
            String here = apart ? " (this one is " + c.file() + ")" : "";
            String reason = cmp == 0
                    ? "plugin " + name + " " + c.metadata().version() + " is already provided by " + winner
                            + "; remove one of the two files" + here
                    : "superseded by " + winner + " (version " + best.metadata().version() + "); remove the older file" + here;
            registry.reject(name, c.metadata().version(), c.fileName(), reason);
            rejectedFilesThisSync.add(c.fileName());
            if (!reason.equals(rejectedLogged.get(c.file()))) {
                log.warn("plugins", "rejected " + c.fileName() + ": " + reason);
                rejectedLogged.put(c.file(), reason);
            }
        }
        return best;
    }

    private Installed install(PluginFileChecker.Checked c) {
        String name = c.metadata().name();
        String location = PluginHeaders.LOCATION_PREFIX + name;
        try {
            Path copy = copyOf(c);
            Bundle b;
            try (InputStream in = Files.newInputStream(copy)) {
                Bundle existing = context.getBundle(location);
                if (existing != null) {
                    existing.update(in);
                    b = existing;
                } else {
                    b = context.installBundle(location, in);
                }
            }
            b.adapt(BundleStartLevel.class).setStartLevel(PLUGIN_START_LEVEL);
            registry.setFile(b, c.fileName());
            Installed inst = new Installed(name, b, c.file(), c.sha256(), c.metadata().version());
            installed.put(name, inst);
            config.pluginInstalled(name);
            log.info("plugins", "installed plugin " + name + " " + c.metadata().version() + " from " + c.fileName()
                    + signedBy(c));
            c.warnings().forEach(w -> log.warn("plugins", name + ": " + w));
            return inst;
        } catch (IOException | BundleException | IllegalStateException e) {
            String reason = "the framework refused to install it: " + e.getMessage();
            registry.reject(name, c.metadata().version(), c.fileName(), reason);
            rejectedFilesThisSync.add(c.fileName());
            refused.put(c.file(), reason);
            log.warn("plugins", "rejected " + c.fileName() + ": " + reason);
            return null;
        }
    }

    private static String signedBy(PluginFileChecker.Checked c) {
        return c.signature() != null && c.signature().signed() ? " (signed by " + c.signature().signer() + ")" : "";
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

    private boolean update(Installed inst, PluginFileChecker.Checked c) {
        if (stuck.contains(inst.name)) {
            log.warn("plugins", "not updating plugin " + inst.name + ": its last start or stop never returned; restart the daemon");
            return false;
        }
        boolean wasActive = inst.bundle.getState() == Bundle.ACTIVE;
        if (wasActive) {
            lifecycle.suspend(inst.name);
            if (!stop(inst)) {
                return false;
            }
        }
        try {
            Path copy = copyOf(c);
            try (InputStream in = Files.newInputStream(copy)) {
                inst.bundle.update(in);
            }
            refresh(List.of(inst.bundle));
            config.pluginInstalled(inst.name);
            inst.source = c.file();
            inst.sha256 = c.sha256();
            inst.version = c.metadata().version();
            registry.setFile(inst.bundle, c.fileName());
            registry.setFailure(inst.bundle, null);
            failedAtGeneration.remove(inst.name);
            if (wasActive) {
                lifecycle.resumeAfterInit(inst.name);
            }
            log.info("plugins", "updated plugin " + inst.name + " to " + c.metadata().version() + " from " + c.fileName()
                    + signedBy(c));
            return true;
        } catch (IOException | BundleException | IllegalStateException e) {
            registry.setFailure(inst.bundle, "update from " + c.fileName() + " failed: " + e.getMessage());
            log.error("plugins", "updating plugin " + inst.name + " failed: " + e.getMessage());
            return true;
        }
    }

    private boolean uninstall(Installed inst, String why) {
        if (stuck.contains(inst.name)) {
            log.warn("plugins", "not uninstalling plugin " + inst.name + ": its last start or stop never returned; restart the daemon");
            return false;
        }
        if (inst.bundle.getState() == Bundle.ACTIVE && !stop(inst)) {
            return false;
        }
        try {
            inst.bundle.uninstall();
            installed.remove(inst.name);
            failedAtGeneration.remove(inst.name);
            refresh(List.of(inst.bundle));
            log.info("plugins", "uninstalled plugin " + inst.name + ": " + why);
            return true;
        } catch (BundleException | IllegalStateException e) {
            log.error("plugins", "uninstalling plugin " + inst.name + " failed: " + e.getMessage());
            return false;
        }
    }

    /**
     * Refreshes only the given bundles and those wired to them, never the whole framework, and
     * never when that closure holds a bundle that is starting or stopping (a hung activator would
     * then freeze the refresh and every later install).
     */
    private void refresh(Collection<Bundle> bundles) {
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
            if (!done.await(30, TimeUnit.SECONDS)) {
                log.warn("plugins", "refreshing " + closure.size() + " bundles took longer than 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts every enabled plugin whose dependencies are active; stops those whose are not. */
    private void startEligible() {
        boolean progress = true;
        int rounds = 0;
        while (progress && rounds++ < 100) {
            progress = false;
            for (Installed inst : new ArrayList<>(installed.values())) {
                if (stuck.contains(inst.name) || inst.bundle.getState() == Bundle.UNINSTALLED) {
                    continue;
                }
                PluginMetadata m = registry.metadata(inst.bundle).orElse(null);
                if (m == null) {
                    continue;
                }
                boolean enabled = store.isEnabled(inst.name);
                registry.setDisabled(inst.bundle, !enabled);
                boolean active = inst.bundle.getState() == Bundle.ACTIVE;
                String missing = missingDependency(m, new HashSet<>());
                if (!enabled) {
                    if (active) {
                        progress |= stop(inst);
                    }
                    registry.setFailure(inst.bundle, null);
                    continue;
                }
                if (missing != null) {
                    if (active) {
                        stop(inst);
                        progress = true;
                    }
                    registry.setFailure(inst.bundle, missing);
                    continue;
                }
                if (active) {
                    continue;
                }
                Long failedAt = failedAtGeneration.get(inst.name);
                if (failedAt != null && failedAt == generation) {
                    continue;
                }
                if (start(inst, m)) {
                    progress = true;
                } else {
                    failedAtGeneration.put(inst.name, generation);
                }
            }
        }
    }

    /** A sentence naming the first unmet dependency, or null when all are active. */
    private String missingDependency(PluginMetadata m, Set<String> path) {
        path.add(m.name());
        for (PluginDependency d : m.dependencies()) {
            if (path.contains(d.name())) {
                return "dependency cycle: " + String.join(" -> ", path) + " -> " + d.name() + "; remove one of the dependencies";
            }
            VersionRange range;
            try {
                range = VersionRange.valueOf(d.versionRange());
            } catch (IllegalArgumentException e) {
                return "dependency " + d + " has an invalid version range";
            }
            Installed dep = installed.get(d.name());
            if (dep == null) {
                return "missing dependency " + d.name() + " " + d.versionRange() + ": install a plugin named " + d.name()
                        + " in that version range";
            }
            Version v = Version.parseVersion(dep.version);
            if (!range.includes(v)) {
                return "dependency " + d.name() + " " + d.versionRange() + " is not met: version " + dep.version
                        + " is installed; install a version in that range";
            }
            PluginMetadata dm = registry.metadata(dep.bundle).orElse(null);
            if (dm != null) {
                String deeper = missingDependency(dm, new java.util.LinkedHashSet<>(path));
                if (deeper != null && deeper.startsWith("dependency cycle")) {
                    return deeper;
                }
            }
            if (dep.bundle.getState() != Bundle.ACTIVE) {
                return "dependency " + d.name() + " " + d.versionRange() + " is installed but not active ("
                        + (store.isEnabled(d.name()) ? "see 'nexcage plugin info " + d.name() + "'" : "it is disabled; enable it")
                        + ")";
            }
        }
        return null;
    }

    private boolean start(Installed inst, PluginMetadata m) {
        int timeout = m.resources().timeoutSeconds();
        try {
            Timed.call(daemon.pluginCalls(), "start of plugin " + m.name(), timeout, () -> {
                inst.bundle.start(Bundle.START_TRANSIENT);
                return null;
            });
            registry.setFailure(inst.bundle, null);
            failedAtGeneration.remove(inst.name);
            log.info("plugins", "plugin " + m.name() + " " + m.version() + " is active");
            hooks.fire(nexcage.api.hooks.HookNames.SYSTEM_PLUGIN_LOADED, "plugin", m.name(), "version", m.version());
            return true;
        } catch (Timed.CallFailed e) {
            String reason = e.getCause() instanceof BundleException ? startFailure((BundleException) e.getCause())
                    : e.getMessage();
            if (e.getCause() instanceof TimeoutException) {
                stuck.add(inst.name);
            }
            registry.setFailure(inst.bundle, reason);
            log.error("plugins", "plugin " + m.name() + " failed: " + reason);
            hooks.fire(nexcage.api.hooks.HookNames.SYSTEM_ERROR_OCCURRED, "plugin", m.name(), "error", reason);
            return false;
        }
    }

    private boolean stop(Installed inst) {
        PluginMetadata m = registry.metadata(inst.bundle).orElse(null);
        int timeout = m == null ? 30 : m.resources().timeoutSeconds();
        try {
            Timed.call(daemon.pluginCalls(), "stop of plugin " + inst.name, timeout, () -> {
                inst.bundle.stop(Bundle.STOP_TRANSIENT);
                return null;
            });
            log.info("plugins", "plugin " + inst.name + " stopped");
            hooks.fire(nexcage.api.hooks.HookNames.SYSTEM_PLUGIN_UNLOADED, "plugin", inst.name, "version", inst.version);
            return true;
        } catch (Timed.CallFailed e) {
            if (e.getCause() instanceof TimeoutException) {
                stuck.add(inst.name);
            }
            registry.setFailure(inst.bundle, e.getMessage());
            log.error("plugins", "plugin " + inst.name + ": " + e.getMessage());
            return false;
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

    private List<Path> pluginFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && (n.endsWith(".nexcage-plugin") || n.endsWith(".jar")) && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            log.error("plugins", config.runtime().masked("cannot read the plugin directory " + dir + ": " + e.getMessage() + "; check its permissions"));
        }
        files.sort(null);
        return files;
    }

    /** Compares OSGi versions without their qualifiers first (1.0.0.SNAPSHOT is not above 1.0.0). */
    static int compareVersions(String a, String b) {
        Version va = Version.parseVersion(a);
        Version vb = Version.parseVersion(b);
        Version ba = new Version(va.getMajor(), va.getMinor(), va.getMicro());
        Version bb = new Version(vb.getMajor(), vb.getMinor(), vb.getMicro());
        int c = ba.compareTo(bb);
        return c != 0 ? c : va.compareTo(vb);
    }

    // ---- commands ----------------------------------------------------------------------------

    /** Active plugins that depend on the named one. */
    private List<String> dependents(String name) {
        List<String> out = new ArrayList<>();
        for (Installed inst : installed.values()) {
            PluginMetadata m = registry.metadata(inst.bundle).orElse(null);
            if (m != null && inst.bundle.getState() == Bundle.ACTIVE
                    && m.dependencies().stream().anyMatch(d -> d.name().equals(name))) {
                out.add(inst.name);
            }
        }
        return out;
    }

    private Installed require(String name, Outcome o) {
        Installed inst = installed.get(name);
        if (inst == null) {
            o.fail(1, "nexcage: no installed plugin named '" + name + "'; 'nexcage plugin list' shows the plugins there are");
        }
        return inst;
    }

    private boolean refuseStuck(Installed inst, String op, Outcome o) {
        if (stuck.contains(inst.name)) {
            o.fail(1, "nexcage: cannot " + op + " plugin " + inst.name + ": its last start or stop never returned "
                    + "and still holds the bundle's lock; restart the daemon to clear it");
            return true;
        }
        return false;
    }

    public Outcome enable(String name, boolean dryRun) {
        return onWorker(() -> {
            Outcome o = new Outcome();
            Installed inst = require(name, o);
            if (inst == null || refuseStuck(inst, "enable", o)) {
                return o;
            }
            if (dryRun) {
                return o.say("would enable and start plugin " + name);
            }
            store.setEnabled(name, true);
            failedAtGeneration.remove(name);
            startEligible();
            return report(o, inst, "enabled");
        });
    }

    public Outcome disable(String name, boolean force, boolean dryRun) {
        return onWorker(() -> {
            Outcome o = new Outcome();
            Installed inst = require(name, o);
            if (inst == null || refuseStuck(inst, "disable", o)) {
                return o;
            }
            List<String> deps = dependents(name);
            if (dryRun) {
                o.say("would disable plugin " + name);
                deps.forEach(d -> o.say("would stop plugin " + d + " (it depends on " + name + ")"));
                return o;
            }
            if (!deps.isEmpty() && !force) {
                return o.fail(1, "nexcage: plugin " + name + " is needed by " + String.join(", ", deps)
                        + "; disable those first, or add --force to stop them too");
            }
            store.setEnabled(name, false);
            startEligible();
            return o.say("plugin " + name + " disabled" + (deps.isEmpty() ? "" : "; stopped " + String.join(", ", deps)));
        });
    }

    public Outcome reload(String name, boolean dryRun) {
        return onWorker(() -> {
            Outcome o = new Outcome();
            Installed inst = require(name, o);
            if (inst == null || refuseStuck(inst, "reload", o)) {
                return o;
            }
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            List<String> affected = new ArrayList<>();
            for (Bundle b : wiring.getDependencyClosure(List.of(inst.bundle))) {
                affected.add(b.getSymbolicName() + " " + b.getVersion());
            }
            if (dryRun) {
                o.say("would reload plugin " + name + " from " + inst.source.getFileName());
                affected.forEach(a -> o.say("would refresh " + a));
                return o;
            }
            if (!Files.exists(inst.source)) {
                return o.fail(1, "nexcage: the file of plugin " + name + " (" + inst.source + ") is gone; nothing to reload from");
            }
            PluginFileChecker.Checked c = checker().check(inst.source);
            if (!c.ok()) {
                return o.fail(1, "nexcage: not reloading plugin " + name + ": " + c.fileName() + " " + c.reason()
                        + "; the running version stays");
            }
            checkedCache.put(inst.source, c);
            update(inst, c);
            generation++;
            startEligible();
            return report(o, inst, "reloaded");
        });
    }

    public Outcome remove(String name, boolean force, boolean dryRun) {
        return onWorker(() -> {
            Outcome o = new Outcome();
            Installed inst = installed.get(name);
            List<Path> files = new ArrayList<>();
            for (Path f : pluginFiles(config.pluginDir())) {
                PluginFileChecker.Checked c = checkedCache.get(f);
                if (c != null && c.listedName().equals(name) || inst != null && f.equals(inst.source)) {
                    files.add(f);
                }
            }
            if (inst == null && files.isEmpty()) {
                return o.fail(1, "nexcage: no plugin named '" + name + "'; 'nexcage plugin list' shows the plugins there are");
            }
            Path system = systemPluginDir();
            if (inst != null && system != null && inst.source != null && inst.source.startsWith(system)) {
                return o.fail(1, "nexcage: plugin " + name + " ships with NexCage (" + inst.source
                        + "); it cannot be removed, disable it with 'nexcage plugin disable " + name + "'");
            }
            if (inst != null && refuseStuck(inst, "remove", o)) {
                return o;
            }
            List<String> deps = dependents(name);
            if (dryRun) {
                files.forEach(f -> o.say("would delete " + f));
                deps.forEach(d -> o.say("would stop plugin " + d + " (it depends on " + name + ")"));
                return o;
            }
            if (!deps.isEmpty() && !force) {
                return o.fail(1, "nexcage: plugin " + name + " is needed by " + String.join(", ", deps)
                        + "; remove those first, or add --force to stop them too");
            }
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            sync();
            return o.say("plugin " + name + " removed" + (deps.isEmpty() ? "" : "; stopped " + String.join(", ", deps)));
        });
    }

    public Outcome install(Path file) {
        return onWorker(() -> {
            Outcome o = new Outcome();
            PluginFileChecker.Checked c = checker().check(file);
            if (!c.ok()) {
                c.problems().forEach(p -> o.fail(1, "nexcage: " + c.fileName() + ": " + p));
                o.fail(1, "nexcage: " + c.fileName() + " was not installed; nothing changed");
                return o;
            }
            PluginMetadata m = c.metadata();
            Path dir = config.pluginDir();
            Files.createDirectories(dir);
            Path target = dir.resolve(m.name() + "-" + m.version() + ".nexcage-plugin");
            Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (c.signature() == null || !c.signature().signed()) {
                o.say("note: " + c.fileName() + " is not signed");
            }
            c.warnings().forEach(w -> o.say("warning: " + w));
            sync();
            Installed inst = installed.get(m.name());
            if (inst == null) {
                String why = registry.all().stream().filter(v -> v.file() != null && v.file().equals(target.getFileName().toString()))
                        .map(PluginView::reason).findFirst().orElse("see the daemon log");
                return o.fail(1, "nexcage: " + target.getFileName() + " was copied in but not installed: " + why);
            }
            return report(o, inst, "installed as " + target);
        });
    }

    /** Checks a file as installing it would, plus whether it would resolve here; installs nothing. */
    public Outcome validate(Path file) {
        return onWorker(() -> {
            Outcome o = new Outcome();
            PluginFileChecker.Checked c = checker().check(file);
            List<String> problems = new ArrayList<>(c.problems());
            java.util.jar.Attributes main = null;
            if (!c.incomplete() && Files.isRegularFile(file)) {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(file.toFile(), false)) {
                    main = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes();
                } catch (IOException e) {
                    main = null;
                }
            }
            if (main != null && main.getValue("Bundle-SymbolicName") != null) {
                problems.addAll(ResolveCheck.unresolved(context, main::getValue));
            }
            if (c.metadata() != null) {
                for (PluginDependency d : c.metadata().dependencies()) {
                    Installed dep = installed.get(d.name());
                    if (dep == null) {
                        problems.add(PluginHeaders.DEPENDENCIES + ": " + d.name() + " " + d.versionRange()
                                + " is not installed in this runtime; install it first");
                    } else if (!VersionRange.valueOf(d.versionRange()).includes(Version.parseVersion(dep.version))) {
                        problems.add(PluginHeaders.DEPENDENCIES + ": " + d.name() + " " + d.versionRange() + " is not met by the installed "
                                + dep.version + "; install a version in that range");
                    }
                }
            }
            if (!problems.isEmpty()) {
                problems.forEach(p -> o.fail(1, "nexcage: " + c.fileName() + ": " + p));
                return o;
            }
            PluginMetadata m = c.metadata();
            o.say(c.fileName() + ": valid plugin " + m.name() + " " + m.version() + " (API " + m.apiVersion() + ")");
            o.say("  capabilities: " + (m.capabilities().isEmpty() ? "none"
                    : String.join(", ", m.capabilities().stream().map(nexcage.api.Capability::id).toList())));
            o.say("  resources: " + m.resources());
            o.say("  signature: " + (c.signature() != null && c.signature().signed()
                    ? "signed by " + c.signature().signer() + (c.signature().trusted() ? " (trusted)" : " (not trusted)")
                    : "not signed"));
            o.say("  resolves in this runtime: yes");
            c.warnings().forEach(w -> o.say("  warning: " + w));
            return o;
        });
    }

    private Outcome report(Outcome o, Installed inst, String what) {
        String failure = registry.failure(inst.bundle);
        if (failure != null) {
            return o.fail(1, "nexcage: plugin " + inst.name + " " + what + " but failed: " + failure);
        }
        String state = registry.byName(inst.name).map(v -> v.state().id()).orElse("unknown");
        return o.say("plugin " + inst.name + " " + inst.version + " " + what + " (" + state + ")");
    }

    /** Names of installed plugins with their source files, for {@code plugin test NAME}. */
    public Map<String, Path> sources() {
        return onWorker(() -> {
            Map<String, Path> out = new LinkedHashMap<>();
            installed.values().stream().filter(i -> i.source != null).forEach(i -> out.put(i.name, i.source));
            return out;
        });
    }
}
