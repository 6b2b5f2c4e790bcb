package nexcage.core.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.Version;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.Deactivate;

import nexcage.api.PluginHeaders;
import nexcage.api.PluginMetadata;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;

/**
 * Installs the plugins of the plugin directory once the framework has started: each file is
 * read, checked, copied to {@code $NEXCAGE_STATE/plugins/} and installed from that copy at
 * {@code nexcage:plugin/NAME}, then started on a thread of its own under the plugin's timeout
 * (a hung activator must not freeze the daemon). Files that fail are listed as rejected.
 */
@Component(immediate = true)
public class PluginDeployer {
    /** Plugins start after the core, so the core's services are in place first. */
    static final int PLUGIN_START_LEVEL = 25;

    private final BundleContext context;
    private final Daemon daemon;
    private final PluginRegistry registry;
    private final DaemonLog log;
    private final FrameworkListener onStarted;

    @Activate
    public PluginDeployer(BundleContext context, @Reference Daemon daemon, @Reference PluginRegistry registry) {
        this.context = context;
        this.daemon = daemon;
        this.registry = registry;
        this.log = daemon.log();
        this.onStarted = event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                deployAll();
            }
        };
        context.addFrameworkListener(onStarted);
        if (context.getBundle(0).getState() == Bundle.ACTIVE) {
            // the core was restarted inside a running framework: STARTED will not come again
            daemon.pluginCalls().execute(this::deployAll);
        }
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(onStarted);
    }

    /** A plugin file that passed the checks, ready to install. */
    private record Candidate(Path file, PluginMetadata metadata) {
    }

    synchronized void deployAll() {
        Path dir = daemon.paths().pluginDir();
        if (!Files.isDirectory(dir)) {
            log.info("plugins", "no plugin directory at " + dir + "; create it and put .nexcage-plugin files there");
            return;
        }
        Map<String, Candidate> chosen = new HashMap<>();
        for (Path file : pluginFiles(dir)) {
            Candidate c = check(file);
            if (c == null) {
                continue;
            }
            Candidate other = chosen.get(c.metadata.name());
            if (other == null) {
                chosen.put(c.metadata.name(), c);
                continue;
            }
            int cmp = compareVersions(c.metadata.version(), other.metadata.version());
            if (cmp == 0) {
                reject(c.file, c.metadata.name(), c.metadata.version(), "plugin " + c.metadata.name() + " "
                        + c.metadata.version() + " is already provided by " + other.file.getFileName() + "; remove one of the two files");
            } else {
                Candidate loser = cmp > 0 ? other : c;
                Candidate winner = cmp > 0 ? c : other;
                chosen.put(c.metadata.name(), winner);
                reject(loser.file, loser.metadata.name(), loser.metadata.version(), "superseded by "
                        + winner.file.getFileName() + " (version " + winner.metadata.version() + "); remove the older file");
            }
        }
        List<Bundle> installed = new ArrayList<>();
        for (Candidate c : chosen.values()) {
            Bundle b = install(c);
            if (b != null) {
                installed.add(b);
            }
        }
        for (Bundle b : installed) {
            start(b);
        }
    }

    private List<Path> pluginFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && (n.endsWith(".nexcage-plugin") || n.endsWith(".jar")) && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            log.error("plugins", "cannot read the plugin directory " + dir + ": " + e.getMessage()
                    + "; check its permissions");
        }
        files.sort(null);
        return files;
    }

    /** Reads and checks one file; null (and a rejection) when it fails. */
    private Candidate check(Path file) {
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            manifest = jar.getManifest();
        } catch (ZipException e) {
            reject(file, null, null, "not a zip file (" + e.getMessage() + "); a plugin is a bundle JAR, rebuild it");
            return null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            reject(file, null, null, "cannot be read: " + e.getMessage());
            return null;
        }
        if (manifest == null) {
            reject(file, null, null, "has no META-INF/MANIFEST.MF; a plugin is a bundle JAR with NexCage headers");
            return null;
        }
        Attributes main = manifest.getMainAttributes();
        String name = main.getValue(PluginHeaders.NAME);
        if (main.getValue("Bundle-SymbolicName") == null) {
            reject(file, name, null, "Bundle-SymbolicName is missing: the file is a JAR but not an OSGi bundle; build it with bnd");
            return null;
        }
        List<String> problems = PluginManifest.problems(main::getValue, daemon.runtimeVersion());
        if (!problems.isEmpty()) {
            reject(file, name, main.getValue("Bundle-Version"), String.join("; ", problems));
            return null;
        }
        registry.clearRejection(file.getFileName().toString());
        return new Candidate(file, PluginManifest.read(main::getValue, daemon.runtimeVersion()));
    }

    private Bundle install(Candidate c) {
        String name = c.metadata.name();
        String location = PluginHeaders.LOCATION_PREFIX + name;
        try {
            Files.createDirectories(daemon.paths().pluginCopies());
            Path copy = daemon.paths().pluginCopies().resolve(name + "-" + c.metadata.version() + ".jar");
            Files.copy(c.file, copy, StandardCopyOption.REPLACE_EXISTING);
            Bundle existing = context.getBundle(location);
            Bundle b;
            try (InputStream in = Files.newInputStream(copy)) {
                if (existing != null) {
                    existing.update(in);
                    b = existing;
                } else {
                    b = context.installBundle(location, in);
                }
            }
            b.adapt(BundleStartLevel.class).setStartLevel(PLUGIN_START_LEVEL);
            registry.setFile(b, c.file.getFileName().toString());
            log.info("plugins", "installed plugin " + name + " " + c.metadata.version() + " from " + c.file.getFileName());
            return b;
        } catch (IOException | BundleException e) {
            reject(c.file, name, c.metadata.version(), "the framework refused to install it: " + e.getMessage());
            return null;
        }
    }

    private void start(Bundle b) {
        PluginMetadata m = registry.metadata(b).orElse(null);
        if (m == null) {
            return;
        }
        int timeout = m.resources().timeoutSeconds();
        try {
            Timed.call(daemon.pluginCalls(), "start of plugin " + m.name(), timeout, () -> {
                b.start(Bundle.START_TRANSIENT);
                return null;
            });
            registry.setFailure(b, null);
            log.info("plugins", "plugin " + m.name() + " " + m.version() + " is active");
        } catch (Timed.CallFailed e) {
            String reason = e.getCause() instanceof BundleException ? startFailure((BundleException) e.getCause())
                    : e.getMessage();
            registry.setFailure(b, reason);
            log.error("plugins", "plugin " + m.name() + " failed: " + reason);
        }
    }

    private static String startFailure(BundleException e) {
        String msg = e.getMessage();
        if (e.getType() == BundleException.RESOLVE_ERROR) {
            return "cannot resolve: " + msg + "; install the plugin or bundle that provides it";
        }
        Throwable cause = e.getCause();
        return "start failed: " + msg + (cause == null ? "" : " (" + cause + ")");
    }

    private void reject(Path file, String name, String version, String reason) {
        String fileName = file.getFileName().toString();
        String listed = name != null && isValidName(name) ? name : fileName;
        registry.reject(listed, version == null ? "" : version, fileName, reason);
        log.warn("plugins", "rejected " + fileName + ": " + reason);
    }

    private static boolean isValidName(String name) {
        try {
            nexcage.api.validation.Validation.pluginName(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
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
}
