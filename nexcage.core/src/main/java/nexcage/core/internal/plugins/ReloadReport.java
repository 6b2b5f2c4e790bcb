package nexcage.core.internal.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** What {@code plugin reload} (no name) says it did: the plugins before and after the scan, compared. */
final class ReloadReport {

    private ReloadReport() {
    }

    /** One line per plugin that was installed, reloaded or uninstalled, and per file newly rejected; none when nothing changed. */
    static List<String> lines(List<PluginRecord> before, List<PluginRecord> after) {
        Map<String, PluginRecord> was = installed(before);
        Map<String, PluginRecord> is = installed(after);
        List<String> out = new ArrayList<>();
        is.forEach((name, now) -> {
            PluginRecord then = was.get(name);
            if (then == null) {
                out.add("plugin " + name + " " + now.version() + " installed from " + now.file() + outcome(now));
            } else if (!Objects.equals(then.sha256(), now.sha256())) {
                String versions = then.version().equals(now.version()) ? now.version() : then.version() + " -> " + now.version();
                out.add("plugin " + name + " reloaded from " + now.file() + ": " + versions + outcome(now));
            }
        });
        was.keySet().stream().filter(n -> !is.containsKey(n))
                .forEach(n -> out.add("plugin " + n + " uninstalled: its file " + was.get(n).file() + " is gone"));
        Map<String, PluginRecord> rejectedBefore = rejected(before);
        rejected(after).forEach((file, now) -> {
            PluginRecord then = rejectedBefore.get(file);
            if (then == null || !Objects.equals(then.reason(), now.reason())) {
                out.add("file " + file + " rejected: " + now.reason());
            }
        });
        return out;
    }

    /** What a reload would do, one line per plugin, for {@code --dry-run}; rejections are not news here, so they are left out. */
    static Outcome plan(List<PluginReconciler.Action> actions) {
        Outcome o = new Outcome();
        for (PluginReconciler.Action a : actions) {
            if (a instanceof PluginReconciler.Install i) {
                o.say("would install plugin " + i.file().metadata().name() + " " + i.file().metadata().version() + " from " + i.file().fileName());
            } else if (a instanceof PluginReconciler.Update u) {
                o.say("would reload plugin " + u.name() + " from " + u.file().fileName() + " (version " + u.file().metadata().version() + ")");
            } else if (a instanceof PluginReconciler.Uninstall u) {
                o.say("would uninstall plugin " + u.name() + ": " + u.why());
            } else if (a instanceof PluginReconciler.Refuse r) {
                o.say("would leave plugin " + r.name() + " alone: " + r.why());
            }
        }
        return o.out().isEmpty() ? o.say("no plugin file changed since the last scan; nothing would be reloaded") : o;
    }

    private static String outcome(PluginRecord r) {
        return " (" + r.state().id() + (r.reason() == null ? "" : ": " + r.reason()) + ")";
    }

    private static Map<String, PluginRecord> installed(List<PluginRecord> records) {
        Map<String, PluginRecord> out = new TreeMap<>();
        records.stream().filter(r -> r.installed() && r.metadata() != null).forEach(r -> out.put(r.name(), r));
        return out;
    }

    private static Map<String, PluginRecord> rejected(List<PluginRecord> records) {
        Map<String, PluginRecord> out = new TreeMap<>();
        records.stream().filter(r -> !r.installed()).forEach(r -> out.put(r.file(), r));
        return out;
    }
}
