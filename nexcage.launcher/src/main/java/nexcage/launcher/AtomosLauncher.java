package nexcage.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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

    private final LaunchProperties launch;

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
        Atomos atomos = Atomos.newAtomos(Map.of(Atomos.ATOMOS_CONTENT_INSTALL, "false", ATOMOS_RUNTIME, CLASS_PATH_RUNTIME));
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
        framework.start();
        FrameworkEvent stopped = framework.waitForStop(0);
        return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
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
        if (!launch.keep()) {
            deleteTree(storage);
            p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        }
        Files.createDirectories(storage);
        p.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        String extra = launch.all().get("launch.system.packages");
        if (extra != null && !extra.isBlank()) {
            p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, extra);
        }
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

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
