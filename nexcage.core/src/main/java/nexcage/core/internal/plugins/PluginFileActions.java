package nexcage.core.internal.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.BundleException;

import nexcage.core.internal.config.ConfigService;
import nexcage.core.internal.daemon.DaemonLog;
import nexcage.core.internal.plugins.PluginReconciler.Action;

/**
 * Carries out what the {@link PluginReconciler} decided about the files of one round: installs,
 * updates, relocations and uninstalls through {@link BundleOperations}, and rejections and refusals
 * recorded in the {@link PluginRegistry} and logged once per reason rather than at every scan. Runs
 * on the deployer's thread only.
 */
final class PluginFileActions {
    private final PluginRegistry registry;
    private final BundleOperations bundles;
    private final PluginDirectory directory;
    private final ConfigService config;
    private final DaemonLog log;
    /** Asks the deployer for another round soon. */
    private final Runnable requestSync;
    /** The reason last logged per rejected file, so a rejection is logged once, not at every scan. */
    private final Map<Path, String> rejectedLogged = new HashMap<>();

    PluginFileActions(PluginRegistry registry, BundleOperations bundles, PluginDirectory directory, ConfigService config, DaemonLog log,
            Runnable requestSync) {
        this.registry = registry;
        this.bundles = bundles;
        this.directory = directory;
        this.config = config;
        this.log = log;
        this.requestSync = requestSync;
    }

    /** Carries out one round's actions; true when a bundle changed. Files no longer rejected lose their rejection. */
    boolean carryOut(List<Action> actions) {
        Set<String> rejectedFiles = new HashSet<>();
        boolean changed = false;
        for (Action a : actions) {
            changed |= carryOut(a, rejectedFiles);
        }
        registry.retainRejections(rejectedFiles);
        rejectedLogged.keySet().removeIf(p -> !rejectedFiles.contains(p.getFileName().toString()));
        return changed;
    }

    /** Carries out one file action; true when a bundle changed. */
    private boolean carryOut(Action action, Set<String> rejectedFiles) {
        if (action instanceof PluginReconciler.Reject r) {
            reject(r.file(), r.listedName(), r.version(), r.reason(), r.signer(), rejectedFiles);
            return false;
        } else if (action instanceof PluginReconciler.Install i) {
            return install(i.file(), rejectedFiles);
        } else if (action instanceof PluginReconciler.Update u) {
            bundles.update(u.name(), u.file());
            return true;
        } else if (action instanceof PluginReconciler.Relocate m) {
            registry.installedFrom(m.name(), m.file());
            return false;
        } else if (action instanceof PluginReconciler.Uninstall u) {
            boolean gone = bundles.uninstall(u.name(), u.why());
            if (gone) {
                log.pluginRemoved(u.name()); // its file went: its log goes too, as docker rm takes a container's
            }
            return gone;
        } else if (action instanceof PluginReconciler.Refuse r) {
            log.about(r.name()).warn("plugins", r.why());
            return false;
        }
        throw new IllegalArgumentException("not a file action: " + action);
    }

    private void reject(Path file, String listedName, String version, String reason, String signer, Set<String> rejectedFiles) {
        String fileName = file.getFileName().toString();
        registry.reject(listedName, version, fileName, reason, signer);
        rejectedFiles.add(fileName);
        if (!reason.equals(rejectedLogged.get(file))) {
            // about the plugin its headers name, if they could be read that far
            log.about(listedName.equals(fileName) ? null : listedName).warn("plugins", "rejected " + fileName + ": " + reason);
            rejectedLogged.put(file, reason);
        }
    }

    private boolean install(PluginFileChecker.Checked c, Set<String> rejectedFiles) {
        String name = c.metadata().name();
        try {
            bundles.install(c);
            config.pluginInstalled(name);
            log.about(name).info("plugins", "installed plugin " + name + " " + c.metadata().version() + " from " + c.fileName()
                    + BundleOperations.signedBy(c));
            c.warnings().forEach(w -> log.about(name).warn("plugins", name + ": " + w));
            return true;
        } catch (IOException | BundleException | IllegalStateException e) {
            if (c.copy() == null || !Files.exists(c.copy())) {
                // the checked copy went (deleted by hand): the file is checked again, not held against it
                directory.recheck(c.file());
                requestSync.run();
                return false;
            }
            String reason = "the framework refused to install it: " + e.getMessage();
            directory.refused(c.file(), reason);
            reject(c.file(), name, c.metadata().version(), reason, PluginRegistry.signerOf(c), rejectedFiles);
            return false;
        }
    }
}
