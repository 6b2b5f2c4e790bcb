package nexcage.core.internal.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.api.PluginDependency;
import nexcage.api.PluginHeaders;
import nexcage.api.PluginMetadata;
import nexcage.core.internal.config.ConfigService;

/**
 * The plugin operations of the command line (enable, disable, reload, remove, install, validate;
 * DESIGN §8). They live on the plugins side, not in {@code cli}, because each must run on the
 * deployer's thread between two syncs and reads the deployer's view of files and bundles; the
 * command class only parses words and prints the {@link Outcome}. Every change is refused for a
 * stuck plugin, and disable and remove are refused while active plugins depend on the plugin,
 * unless forced.
 */
@Component(service = PluginOperations.class)
public class PluginOperations {
    private final BundleContext context;
    private final PluginDeployer deployer;
    private final PluginRegistry registry;
    private final ConfigService config;

    @Activate
    public PluginOperations(BundleContext context, @Reference PluginDeployer deployer, @Reference PluginRegistry registry,
            @Reference ConfigService config) {
        this.context = context;
        this.deployer = deployer;
        this.registry = registry;
        this.config = config;
    }

    /** The named plugin the deployer installed, or null after telling the user there is none. */
    private PluginRecord require(String name, Outcome o) {
        PluginRecord r = deployed(name);
        if (r == null) {
            o.fail(1, "nexcage: no installed plugin named '" + name + "'; 'nexcage plugin list' shows the plugins there are");
        }
        return r;
    }

    /** The record of the named plugin when the deployer installed it, else null. */
    private PluginRecord deployed(String name) {
        return deployer.installedView().containsKey(name) ? registry.installed(name).orElse(null) : null;
    }

    private static boolean refuseStuck(PluginRecord r, String op, Outcome o) {
        if (r.stuck()) {
            o.fail(1, "nexcage: cannot " + op + " plugin " + r.name() + ": its last start or stop never returned "
                    + "and still holds the bundle's lock; restart the daemon to clear it");
            return true;
        }
        return false;
    }

    private List<String> dependents(String name) {
        return PluginReconciler.dependents(name, deployer.installedView());
    }

    public Outcome enable(String name, boolean dryRun) {
        return deployer.onWorker(() -> {
            Outcome o = new Outcome();
            PluginRecord r = require(name, o);
            if (r == null || refuseStuck(r, "enable", o)) {
                return o;
            }
            if (dryRun) {
                return o.say("would enable and start plugin " + name);
            }
            registry.setEnabled(name, true);
            registry.failedAt(name, -1);
            deployer.startEligible();
            return report(o, name, "enabled");
        });
    }

    public Outcome disable(String name, boolean force, boolean dryRun) {
        return deployer.onWorker(() -> {
            Outcome o = new Outcome();
            PluginRecord r = require(name, o);
            if (r == null || refuseStuck(r, "disable", o)) {
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
            registry.setEnabled(name, false);
            deployer.startEligible();
            return o.say("plugin " + name + " disabled" + (deps.isEmpty() ? "" : "; stopped " + String.join(", ", deps)));
        });
    }

    /**
     * The core disables a plugin by itself ({@code runtime.security}): as {@code plugin disable
     * --force}, with the reason kept, shown by {@code plugin list} and across restarts until
     * {@code plugin enable}. Returns false when there was nothing to do (not installed by the
     * deployer, stuck, or already disabled), so a plugin is never disabled twice.
     */
    public boolean disableWithReason(String name, String reason) {
        return deployer.onWorker(() -> {
            PluginRecord r = deployed(name);
            if (r == null || r.stuck() || !registry.isEnabled(name)) {
                return false;
            }
            registry.setEnabled(name, false, reason);
            deployer.startEligible();
            return true;
        });
    }

    /** The verified copy the named plugin's bundle was installed from ({@code $NEXCAGE_STATE/plugins}), if it is there. */
    /**
     * True when the plugin file is signed by a certificate trusted where it comes from: {@code name}'s
     * source directory for an installed plugin's copy, else the file's own directory.
     */
    public boolean signedByTrusted(Path file, String name) {
        Path location = name == null ? file
                : registry.installed(name).map(PluginRecord::source).orElse(file);
        return deployer.checker().signedByTrusted(file, location);
    }

    /** Null when a file given to {@code plugin audit} is within the plugin files' size and zip-bomb caps, else why not. */
    public String capsRefusal(Path file) {
        return deployer.checker().capsRefusal(file);
    }

    public java.util.Optional<Path> installedCopy(String name) {
        return registry.installed(name).map(r -> deployer.bundles().copyFor(r.name(), r.version())).filter(Files::isRegularFile);
    }

    public Outcome reload(String name, boolean dryRun) {
        return deployer.onWorker(() -> {
            Outcome o = new Outcome();
            PluginRecord r = require(name, o);
            if (r == null || refuseStuck(r, "reload", o)) {
                return o;
            }
            if (r.source() == null) {
                return o.fail(1, "nexcage: plugin " + name + " has no file in the plugin directory yet; nothing to reload from");
            }
            if (dryRun) {
                o.say("would reload plugin " + name + " from " + r.source().getFileName());
                for (Bundle b : deployer.bundles().closure(deployer.ownBundle(name))) {
                    o.say("would refresh " + b.getSymbolicName() + " " + b.getVersion());
                }
                return o;
            }
            if (!Files.exists(r.source())) {
                return o.fail(1, "nexcage: the file of plugin " + name + " (" + r.source() + ") is gone; nothing to reload from");
            }
            PluginFileChecker.Checked c = deployer.checker().check(r.source());
            if (!c.ok()) {
                return o.fail(1, "nexcage: not reloading plugin " + name + ": " + c.fileName() + " " + c.reason()
                        + "; the running version stays");
            }
            deployer.directory().checked(c);
            deployer.bundles().update(name, c);
            deployer.changed();
            deployer.startEligible();
            return report(o, name, "reloaded");
        });
    }

    /**
     * {@code plugin reload} with no name: scans the plugin directories now and reloads every plugin
     * whose file changed (installs new ones, uninstalls those whose file went); says what it did.
     */
    public Outcome reloadAll(boolean dryRun) {
        return deployer.onWorker(() -> {
            if (dryRun) {
                return ReloadReport.plan(deployer.plan());
            }
            List<PluginRecord> before = registry.all();
            deployer.sync();
            List<String> lines = ReloadReport.lines(before, registry.all());
            Outcome o = new Outcome();
            if (lines.isEmpty()) {
                return o.say("no plugin file changed since the last scan; nothing to reload");
            }
            lines.forEach(o::say);
            return o;
        });
    }

    public Outcome remove(String name, boolean force, boolean dryRun) {
        return deployer.onWorker(() -> {
            Outcome o = new Outcome();
            PluginRecord r = deployed(name);
            List<Path> files = deployer.directory().filesOf(name);
            if (r != null && r.source() != null && !files.contains(r.source()) && !deployer.directory().isSystem(r.source())) {
                files.add(r.source());
            }
            if (r == null && files.isEmpty()) {
                return o.fail(1, "nexcage: no plugin named '" + name + "'; 'nexcage plugin list' shows the plugins there are");
            }
            if (r != null && deployer.directory().isSystem(r.source())) {
                return o.fail(1, "nexcage: plugin " + name + " ships with NexCage (" + r.source()
                        + "); it cannot be removed, disable it with 'nexcage plugin disable " + name + "'");
            }
            if (r != null && refuseStuck(r, "remove", o)) {
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
            deployer.sync();
            return o.say("plugin " + name + " removed" + (deps.isEmpty() ? "" : "; stopped " + String.join(", ", deps)));
        });
    }

    public Outcome install(Path file) {
        return deployer.onWorker(() -> {
            Outcome o = new Outcome();
            PluginFileChecker.Checked c = deployer.checker().check(file);
            if (!c.ok()) {
                c.problems().forEach(p -> o.fail(1, "nexcage: " + c.fileName() + ": " + p));
                return o.fail(1, "nexcage: " + c.fileName() + " was not installed; nothing changed");
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
            deployer.sync();
            if (deployed(m.name()) == null) {
                String why = registry.all().stream().filter(v -> target.getFileName().toString().equals(v.file()))
                        .map(PluginRecord::reason).findFirst().orElse("see the daemon log");
                return o.fail(1, "nexcage: " + target.getFileName() + " was copied in but not installed: " + why);
            }
            return report(o, m.name(), "installed as " + target);
        });
    }

    /** Checks a file as installing it would, plus whether it would resolve here; installs nothing. */
    public Outcome validate(Path file) {
        return deployer.onWorker(() -> {
            Outcome o = new Outcome();
            PluginFileChecker.Checked c = deployer.checker().check(file);
            List<String> problems = new ArrayList<>(c.problems());
            problems.addAll(unresolved(c, file));
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

    /** What would keep the file from resolving here: packages and capabilities, then plugin dependencies. */
    private List<String> unresolved(PluginFileChecker.Checked c, Path file) {
        List<String> problems = new ArrayList<>();
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
            Map<String, PluginReconciler.Installed> installed = deployer.installedView();
            for (PluginDependency d : c.metadata().dependencies()) {
                PluginReconciler.Installed dep = installed.get(d.name());
                if (dep == null) {
                    problems.add(PluginHeaders.DEPENDENCIES + ": " + d.name() + " " + d.versionRange()
                            + " is not installed in this runtime; install it first");
                } else if (!VersionRange.valueOf(d.versionRange()).includes(Version.parseVersion(dep.version()))) {
                    problems.add(PluginHeaders.DEPENDENCIES + ": " + d.name() + " " + d.versionRange() + " is not met by the installed "
                            + dep.version() + "; install a version in that range");
                }
            }
        }
        return problems;
    }

    private Outcome report(Outcome o, String name, String what) {
        PluginRecord r = registry.installed(name).orElse(null);
        if (r != null && r.failure() != null) {
            return o.fail(1, "nexcage: plugin " + name + " " + what + " but failed: " + r.failure());
        }
        return o.say("plugin " + name + " " + (r == null ? "" : r.version() + " ") + what + " (" + (r == null ? "unknown" : r.state().id()) + ")");
    }

    /** Names of installed plugins with their source files, for {@code plugin test NAME}. */
    public Map<String, Path> sources() {
        return deployer.onWorker(() -> {
            Map<String, Path> out = new LinkedHashMap<>();
            deployer.installedView().values().stream().filter(i -> i.source() != null).forEach(i -> out.put(i.name(), i.source()));
            return out;
        });
    }
}
