package nexcage.core.internal.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The daemon's shared facts: its paths, its log, its version, and the executor on which every
 * call into a plugin runs (so a plugin that hangs holds one of these threads, never a caller's).
 */
@Component(service = Daemon.class, immediate = true)
public class Daemon {
    /** Daemon shutdown never takes longer than this; then the process exits. */
    static final long SHUTDOWN_DEADLINE_MS = 30_000;

    private final DaemonPaths paths;
    private final DaemonLog log;
    private final Version version;
    private final BundleContext context;
    private final ExecutorService pluginCalls;
    private final Thread shutdownDeadline;
    private final long startedNanos = System.nanoTime();

    @Activate
    public Daemon(BundleContext context) throws IOException {
        this.context = context;
        this.paths = DaemonPaths.from(context::getProperty);
        String wanted = firstNonNull(context.getProperty("nexcage.log.level"), System.getenv("NEXCAGE_LOG_LEVEL"));
        java.util.Optional<DaemonLog.Level> level = wanted == null || wanted.isBlank() ? java.util.Optional.of(DaemonLog.Level.INFO)
                : DaemonLog.Level.parse(wanted);
        this.log = new DaemonLog(level.orElse(DaemonLog.Level.INFO), System.err);
        this.version = context.getBundle().getVersion();
        createPrivateDir(paths.state());
        log.openFile(paths.logDir());
        this.pluginCalls = IdlePools.cached("nexcage-plugin-call");
        this.shutdownDeadline = new Thread(this::stopFramework, "nexcage-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownDeadline);
        log.info("core", "NexCage " + runtimeVersion() + " starting (home " + paths.home() + ", state " + paths.state()
                + ", plugins " + paths.pluginDir() + ", Java " + System.getProperty("java.version") + ")");
        if (level.isEmpty()) {
            // the launcher refuses such a value; a -Dnexcage.log.level given some other way is not worth a failed start
            log.warn("core", DaemonLog.notALevel("NEXCAGE_LOG_LEVEL", wanted) + "; logging at info");
        }
    }

    @Deactivate
    void deactivate() {
        pluginCalls.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownDeadline);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running: it is the deadline we want
        }
        log.info("core", "NexCage stopped");
        log.close();
    }

    /** On SIGTERM or Ctrl-C: stop the framework cleanly (plugins deinit, socket removed), within the deadline. */
    private void stopFramework() {
        haltAfterDeadline();
        log.info("core", "shutting down");
        try {
            Framework framework = (Framework) context.getBundle(0);
            framework.stop();
            framework.waitForStop(SHUTDOWN_DEADLINE_MS);
        } catch (BundleException | InterruptedException | IllegalStateException e) {
            log.error("core", "stopping the framework failed: " + e, e);
        }
    }

    private void haltAfterDeadline() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(SHUTDOWN_DEADLINE_MS);
            } catch (InterruptedException e) {
                return;
            }
            log.error("core", "shutdown did not finish within " + SHUTDOWN_DEADLINE_MS / 1000 + " s; exiting now");
            Runtime.getRuntime().halt(1);
        }, "nexcage-halt");
        t.setDaemon(true);
        t.start();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    static void createPrivateDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    public static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public DaemonPaths paths() {
        return paths;
    }

    /** In a {@code plugin test} framework: the plugin under test; null in a normal daemon. */
    public String pluginUnderTest() {
        return context.getProperty("nexcage.test.plugin");
    }

    /** The runnable jar this daemon was started from (set by the launcher), for test frameworks. */
    public String runtimeJar() {
        return context.getProperty("nexcage.runtime.jar");
    }

    /** How long the daemon has run (since the core started). */
    public java.time.Duration uptime() {
        return java.time.Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    public DaemonLog log() {
        return log;
    }

    /** The runtime's version without qualifier, e.g. {@code 0.8.0}. */
    public Version runtimeVersion() {
        return new Version(version.getMajor(), version.getMinor(), version.getMicro());
    }

    public ExecutorService pluginCalls() {
        return pluginCalls;
    }

    /** Plugins start at this level, after the core, so the core's services are in place first. */
    public static final int PLUGIN_START_LEVEL = 25;

    /**
     * True once the framework runs at a start level where plugins may start. The system bundle is
     * ACTIVE earlier, while start levels still rise (and the launcher raises them after STARTED).
     */
    public boolean frameworkStarted() {
        Bundle system = context.getBundle(0);
        return system.getState() == Bundle.ACTIVE
                && system.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class).getStartLevel() >= PLUGIN_START_LEVEL;
    }

    public Bundle systemBundle() {
        return context.getBundle(0);
    }
}
