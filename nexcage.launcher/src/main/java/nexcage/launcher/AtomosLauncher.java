package nexcage.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.atomos.Atomos;
import org.apache.felix.atomos.AtomosContent;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Starts the daemon's framework as bnd's launcher did from runtime.jar, but with the runtime's own
 * bundles connected from the class path (Apache Felix Atomos, OSGi Connect) instead of copied into
 * the framework cache and loaded by bundle class loaders: their classes come from the application
 * class loader, so a class data sharing archive or AOT cache covers them, and nothing is unpacked
 * at a start. Only the bundles runtime.bndrun lists are installed, at their start levels, with its
 * -runproperties as framework and system properties; plugins stay ordinary bundles. The JVM exits
 * when the framework stops (0, or 1 after an error).
 */
public final class AtomosLauncher {
    /** Atomos's key for its implementation, and its class path implementation. */
    static final String ATOMOS_RUNTIME = "atomos..class";
    static final String CLASS_PATH_RUNTIME = "org.apache.felix.atomos.impl.base.AtomosClassPath";

    /** {@code -Dnexcage.framework.keep=false} clears the framework cache at every start, as before issue 22's kept cache. */
    static final String KEEP_PROPERTY = "nexcage.framework.keep";
    /** How long an orderly stop may take before the JVM's exit goes on without the marker (the core's own deadline is 30 s). */
    private static final long STOP_WAIT_MS = 35_000;

    private final LaunchProperties launch;
    /** Set when the cache may be kept for the next start: the marker is written once the framework stopped in order. */
    private FrameworkCache cache;
    private boolean marked;
    /** Only a framework that started is marked when it stops: a start that failed half-way proves nothing of its cache. */
    private volatile boolean started;

    AtomosLauncher(LaunchProperties launch) {
        this.launch = launch;
    }

    public static void main(String[] args) {
        int status;
        try {
            status = new AtomosLauncher(LaunchProperties.embedded().withSystemOverrides(System.getProperties())).run();
        } catch (Exception | LinkageError e) {
            System.err.println("nexcage: the daemon's framework did not start: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    int run() throws Exception {
        // Atomos would install every bundle it finds on the class path; runtime.bndrun's list decides instead. Its
        // class path mode, not its default on Java 9+ (which connects each JDK module as a bundle, some 70, and
        // empties the system packages): the system bundle exports the JDK's packages as under bnd's launcher.
        Atomos atomos = Atomos.newAtomos(Map.of(ATOMOS_RUNTIME, CLASS_PATH_RUNTIME));
        Framework framework = atomos.newFramework(frameworkProperties());
        framework.init();
        List<Bundle> installed = new ArrayList<>();
        for (LaunchProperties.RunBundle rb : launch.bundles()) {
            Bundle b = content(atomos, rb).install();
            if (rb.startLevel() > 0) {
                b.adapt(BundleStartLevel.class).setStartLevel(rb.startLevel());
            }
            installed.add(b);
        }
        for (Bundle b : installed) {
            if ((b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) == 0) {
                try {
                    b.start(Bundle.START_ACTIVATION_POLICY);
                } catch (BundleException e) {
                    // as bnd's launcher: a bundle that cannot start is reported, the others go on
                    System.err.println("nexcage: runtime bundle " + b.getSymbolicName() + " did not start: " + e.getMessage());
                }
            }
        }
        markStopsInOrder(framework);
        framework.start();
        started = true;
        FrameworkEvent stopped = framework.waitForStop(0);
        boolean error = stopped.getType() == FrameworkEvent.ERROR;
        if (!error) {
            stoppedInOrder();
        }
        return error ? 1 : 0;
    }

    /**
     * On SIGTERM or Ctrl-C the core's shutdown hook stops the framework, and the JVM halts once every
     * hook returned, maybe before the main thread got back from {@code waitForStop}: so a hook of our
     * own waits for that stop too and writes the marker before the JVM goes.
     */
    private void markStopsInOrder(Framework framework) {
        if (cache == null) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                framework.stop();
                FrameworkEvent e = framework.waitForStop(STOP_WAIT_MS);
                if (e.getType() == FrameworkEvent.STOPPED) {
                    stoppedInOrder();
                }
            } catch (BundleException | InterruptedException | IllegalStateException e) {
                // no marker: the next start clears the cache
            }
        }, "nexcage-framework-cache"));
    }

    /** Synchronized: the hook must not return (and the JVM halt) while the main thread is still writing the marker. */
    private synchronized void stoppedInOrder() {
        if (cache != null && started && !marked) {
            marked = true;
            try {
                cache.stoppedInOrder();
            } catch (IOException e) {
                System.err.println("nexcage: cannot mark the framework cache " + launch.storage() + " as stopped in order (" + e.getMessage()
                        + "); the next start makes it anew");
            }
        }
    }

    /** The launch properties, which bnd's launcher also sets as system properties, plus the storage. */
    private Map<String, String> frameworkProperties() throws IOException {
        Map<String, String> p = new HashMap<>(launch.all());
        launch.all().forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
        Path storage = launch.storage().toAbsolutePath();
        String extra = launch.all().get("launch.system.packages");
        if (extra != null && !extra.isBlank()) {
            p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, extra);
        }
        if (launch.keep()) {
            // bnd's launch.keep: the cache is the user's to manage, and no marker vouches for it
            Files.deleteIfExists(FrameworkCache.markerOf(storage));
            p.remove(Constants.FRAMEWORK_STORAGE_CLEAN);
        } else if (Boolean.parseBoolean(System.getProperty(KEEP_PROPERTY, "true"))) {
            cache = new FrameworkCache(storage, FrameworkCache.stamp(FrameworkCache.classPath(System.getProperty("java.class.path", "")), p,
                    System.getProperty("java.home"), System.getProperty("java.vm.version")));
            // a kept cache must not be emptied by the framework's own storage.clean of runtime.bndrun
            if (cache.open()) {
                p.remove(Constants.FRAMEWORK_STORAGE_CLEAN);
            } else {
                p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
            }
        } else {
            // a marker an earlier daemon left must not vouch for the cache this one writes
            Files.deleteIfExists(FrameworkCache.markerOf(storage));
            FrameworkCache.deleteTree(storage);
            p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        }
        Files.createDirectories(storage);
        p.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        // read by Atomos from the framework's properties (not from newAtomos's map) when the framework starts
        p.put(Atomos.ATOMOS_CONTENT_INSTALL, "false");
        return p;
    }

    private static AtomosContent content(Atomos atomos, LaunchProperties.RunBundle rb) {
        Optional<AtomosContent> found = atomos.getBootLayer().getAtomosContents().stream()
                .filter(c -> c.getSymbolicName().equals(rb.symbolicName())
                        && (rb.version().isEmpty() || c.getVersion().toString().equals(rb.version())))
                .findFirst();
        return found.orElseThrow(() -> new IllegalStateException("the runtime bundle " + rb.symbolicName() + " " + rb.version()
                + " (" + rb.fileName() + ") is not on the launcher's class path; rebuild NexCage (mvn package)"));
    }
}
