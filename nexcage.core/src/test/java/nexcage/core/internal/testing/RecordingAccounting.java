package nexcage.core.internal.testing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginCall;
import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.WatchedPlugin;

/**
 * A {@link PluginAccounting} for unit tests (the real one is the accounting bundle's): it records
 * what it is told, as lines such as {@code begin hello command:hello}, {@code end hello
 * command:hello ok}, {@code timeout hello command:hello}, {@code late hello command:hello}, and
 * answers usage with what a test put in {@link #usage}.
 */
public final class RecordingAccounting implements PluginAccounting {
    public final List<String> events = new CopyOnWriteArrayList<>();
    public final List<WatchedPlugin> watched = new CopyOnWriteArrayList<>();
    public final List<PluginUsage> usage = new CopyOnWriteArrayList<>();

    @Override
    public PluginCall begin(String plugin, String entry) {
        String call = plugin + " " + entry;
        events.add("begin " + call);
        return new PluginCall() {
            @Override
            public void end(boolean failed) {
                events.add("end " + call + (failed ? " failed" : " ok"));
            }

            @Override
            public void endLate() {
                events.add("late " + call);
            }
        };
    }

    @Override
    public void timedOut(String plugin, String entry, long waitedNanos) {
        events.add("timeout " + plugin + " " + entry);
    }

    @Override
    public ThreadFactory threadFactory(String plugin) {
        return r -> new Thread(r, "nexcage-plugin-" + plugin + "-test");
    }

    @Override
    public void watch(WatchedPlugin plugin) {
        watched.add(plugin);
        events.add("watch " + plugin.name());
    }

    @Override
    public void unwatch(String plugin) {
        events.add("unwatch " + plugin);
    }

    @Override
    public List<PluginUsage> usage() {
        return List.copyOf(usage);
    }

    @Override
    public Optional<PluginUsage> usage(String plugin) {
        return usage.stream().filter(u -> u.plugin().equals(plugin)).findFirst();
    }
}
