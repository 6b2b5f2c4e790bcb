package nexcage.core.internal.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import nexcage.api.PluginDependency;

/**
 * Decides what the deployer does, from what is on disk and what is installed, without touching a
 * framework (so it is tested with plain values): which file of a plugin runs (the highest version;
 * of two equal ones the installed, else the older), which files are rejected and why, which
 * plugins are installed, updated or uninstalled, and which start or stop because of their enabled
 * flag and dependencies (DESIGN §2–§3).
 */
public final class PluginReconciler {

    /** A file in a plugin directory after the checks; {@code refused} is why the framework refused it before, or null. */
    public record OnDisk(PluginFileChecker.Checked checked, long mtime, String refused) {
        String name() {
            return checked.metadata().name();
        }

        String version() {
            return checked.metadata().version();
        }
    }

    /**
     * An installed plugin as the reconciler needs it. {@code source} is null for a bundle taken over
     * from the framework cache; {@code failedThisRound} is true when its start failed since the
     * last change, so it is not tried again until something changes.
     */
    public record Installed(String name, String version, Path source, String sha256, boolean sourceExists,
            boolean active, boolean enabled, boolean stuck, boolean failedThisRound, List<PluginDependency> dependencies) {
    }

    /** What to do; the deployer carries each out in order. */
    public sealed interface Action {
    }

    /**
     * List the file as rejected with the reason (it is not installed; a running version stays);
     * {@code signer} is who signed it (the certificate's subject), null when unsigned or unknown.
     */
    public record Reject(Path file, String listedName, String version, String reason, String signer) implements Action {
        public Reject(Path file, String listedName, String version, String reason) {
            this(file, listedName, version, reason, null);
        }
    }

    public record Install(PluginFileChecker.Checked file) implements Action {
    }

    public record Update(String name, PluginFileChecker.Checked file) implements Action {
    }

    /** The same content is now found at another path: only the record of the file changes. */
    public record Relocate(String name, PluginFileChecker.Checked file) implements Action {
    }

    public record Uninstall(String name, String why) implements Action {
    }

    /** Leave the plugin as it is and log why (its start or stop never returned). */
    public record Refuse(String name, String why) implements Action {
    }

    public record Start(String name) implements Action {
    }

    public record Stop(String name, String why) implements Action {
    }

    /** Mark the plugin failed with the reason (null clears an earlier failure). */
    public record Fail(String name, String reason) implements Action {
    }

    private PluginReconciler() {
    }

    // ---- files --------------------------------------------------------------------------------

    /** The file actions: rejections, installs, updates and uninstalls, in that order. */
    public static List<Action> files(List<OnDisk> files, Map<String, Installed> installed) {
        List<Action> out = new ArrayList<>();
        Map<String, List<OnDisk>> byName = new TreeMap<>();
        for (OnDisk f : files) {
            PluginFileChecker.Checked c = f.checked();
            if (!c.ok()) {
                out.add(new Reject(c.file(), c.listedName(), c.version(), c.reason(), PluginRegistry.signerOf(c)));
            } else if (f.refused() != null) {
                // the framework refused this very file before; it is judged again once it changes
                out.add(new Reject(c.file(), c.listedName(), c.version(), f.refused(), PluginRegistry.signerOf(c)));
            } else {
                byName.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f);
            }
        }
        Map<String, OnDisk> winners = new TreeMap<>();
        byName.forEach((name, candidates) -> winners.put(name, winner(name, candidates, installed.get(name), out)));
        for (OnDisk w : winners.values()) {
            Installed inst = installed.get(w.name());
            PluginFileChecker.Checked c = w.checked();
            if (inst == null) {
                out.add(new Install(c));
            } else if (!c.sha256().equals(inst.sha256())) {
                out.add(inst.stuck() ? stuck(inst.name(), "updating") : new Update(inst.name(), c));
            } else if (!c.file().equals(inst.source())) {
                out.add(new Relocate(inst.name(), c));
            }
        }
        for (Installed inst : installed.values()) {
            if (!winners.containsKey(inst.name()) && !inst.sourceExists()) {
                String why = inst.source() == null ? "its file is no longer in the plugin directory"
                        : "its file " + inst.source().getFileName() + " was removed";
                out.add(inst.stuck() ? stuck(inst.name(), "uninstalling") : new Uninstall(inst.name(), why));
            }
        }
        return out;
    }

    private static Refuse stuck(String name, String doing) {
        return new Refuse(name, "not " + doing + " plugin " + name + ": its last start or stop never returned; restart the daemon");
    }

    /**
     * The file that runs among several of one plugin: the highest version; among equals the one
     * installed now, else the oldest. Every other file gets a rejection naming the winner.
     */
    static OnDisk winner(String name, List<OnDisk> candidates, Installed inst, List<Action> out) {
        List<OnDisk> files = new ArrayList<>(candidates);
        files.sort(Comparator.<OnDisk, Boolean>comparing(f -> !isInstalled(f, inst)).thenComparingLong(OnDisk::mtime)
                .thenComparing(f -> f.checked().fileName()));
        OnDisk best = files.get(0);
        for (OnDisk f : files) {
            if (compareVersions(f.version(), best.version()) > 0) {
                best = f;
            }
        }
        for (OnDisk f : files) {
            if (f == best) {
                continue;
            }
            Path here = f.checked().file();
            Path there = best.checked().file();
            // the file names alone do not tell which is which when the two lie in different folders (user's and system's)
            boolean apart = !here.getParent().equals(there.getParent());
            String winner = apart ? there.toString() : best.checked().fileName();
            String which = apart ? " (this one is " + here + ")" : "";
            String reason = compareVersions(f.version(), best.version()) == 0
                    ? "plugin " + name + " " + f.version() + " is already provided by " + winner + "; remove one of the two files" + which
                    : "superseded by " + winner + " (version " + best.version() + ")" + qualifierNote(f.version(), best.version())
                            + "; remove the older file" + which;
            out.add(new Reject(here, name, f.version(), reason, PluginRegistry.signerOf(f.checked())));
        }
        return best;
    }

    /**
     * Of two versions equal but for the qualifier, the higher qualifier wins as OSGi orders them,
     * so a qualified build beats the same version without one (unlike Maven's SNAPSHOT): say so.
     */
    private static String qualifierNote(String loser, String winner) {
        Version l = Version.parseVersion(loser);
        Version w = Version.parseVersion(winner);
        if (l.getMajor() != w.getMajor() || l.getMinor() != w.getMinor() || l.getMicro() != w.getMicro()) {
            return "";
        }
        return ": both are " + w.getMajor() + "." + w.getMinor() + "." + w.getMicro() + ", and OSGi orders qualifier '" + w.getQualifier()
                + "' above " + (l.getQualifier().isEmpty() ? "none" : "'" + l.getQualifier() + "'")
                + " (a qualified build wins over the same version without one)";
    }

    private static boolean isInstalled(OnDisk f, Installed inst) {
        return inst != null && (f.checked().file().equals(inst.source()) || f.checked().sha256().equals(inst.sha256()));
    }

    /** Compares OSGi versions without their qualifiers first (1.0.0.SNAPSHOT is not above 1.0.0). */
    public static int compareVersions(String a, String b) {
        Version va = Version.parseVersion(a);
        Version vb = Version.parseVersion(b);
        int c = new Version(va.getMajor(), va.getMinor(), va.getMicro()).compareTo(new Version(vb.getMajor(), vb.getMinor(), vb.getMicro()));
        return c != 0 ? c : va.compareTo(vb);
    }

    // ---- running ------------------------------------------------------------------------------

    /**
     * Which plugins start or stop: an enabled plugin starts when every dependency is active in
     * range, one whose dependency is missing or cyclic stops (if running) and is marked failed with
     * the reason, and a disabled one stops. A stuck plugin is left alone.
     */
    public static List<Action> running(Map<String, Installed> installed) {
        List<Action> out = new ArrayList<>();
        for (Installed inst : installed.values()) {
            if (inst.stuck()) {
                continue;
            }
            if (!inst.enabled()) {
                if (inst.active()) {
                    out.add(new Stop(inst.name(), "it is disabled"));
                }
                out.add(new Fail(inst.name(), null));
                continue;
            }
            String missing = missingDependency(inst, installed, new LinkedHashSet<>());
            if (missing != null) {
                if (inst.active()) {
                    out.add(new Stop(inst.name(), missing));
                }
                out.add(new Fail(inst.name(), missing));
            } else if (!inst.active() && !inst.failedThisRound()) {
                out.add(new Start(inst.name()));
            }
        }
        return out;
    }

    /** A sentence naming the first unmet dependency, or null when all are active and in range. */
    static String missingDependency(Installed inst, Map<String, Installed> installed, Set<String> path) {
        path.add(inst.name());
        for (PluginDependency d : inst.dependencies()) {
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
            if (!range.includes(Version.parseVersion(dep.version()))) {
                return "dependency " + d.name() + " " + d.versionRange() + " is not met: version " + dep.version()
                        + " is installed; install a version in that range";
            }
            String deeper = missingDependency(dep, installed, new LinkedHashSet<>(path));
            if (deeper != null && deeper.startsWith("dependency cycle")) {
                return deeper;
            }
            if (!dep.active()) {
                return "dependency " + d.name() + " " + d.versionRange() + " is installed but not active ("
                        + (dep.enabled() ? "see 'nexcage plugin info " + d.name() + "'" : "it is disabled; enable it") + ")";
            }
        }
        return null;
    }

    /** The active plugins that depend on the named one. */
    public static List<String> dependents(String name, Map<String, Installed> installed) {
        return installed.values().stream().filter(i -> i.active() && i.dependencies().stream().anyMatch(d -> d.name().equals(name)))
                .map(Installed::name).toList();
    }
}
