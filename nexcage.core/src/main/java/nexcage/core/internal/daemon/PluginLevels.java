package nexcage.core.internal.daemon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import nexcage.core.internal.daemon.DaemonLog.Level;

/**
 * The per-plugin levels {@code --plugin-debug} sets in the running daemon: each client that debugs
 * a plugin holds a raise of its level, and the plugin runs at the most verbose level any raise
 * asks for; when the last is closed (the client is done, left or was killed) the plugin is back at
 * the daemon's level. Listeners (the OSGi log bridge) hear each change of a plugin's level.
 */
public final class PluginLevels {
    private final Map<String, List<Level>> raises = new HashMap<>();
    private volatile Map<String, Level> effective = Map.of();
    private final List<BiConsumer<String, Optional<Level>>> listeners = new CopyOnWriteArrayList<>();

    /** A raise of one plugin's level; closing it more than once is closing it once. */
    public interface Raise extends AutoCloseable {
        @Override
        void close();
    }

    /** The plugin's raised level, if a client raised it. */
    public Optional<Level> of(String plugin) {
        return plugin == null ? Optional.empty() : Optional.ofNullable(effective.get(plugin));
    }

    /** Every plugin whose level is raised now, with that level. */
    public Map<String, Level> raised() {
        return effective;
    }

    /** Raises {@code plugin}'s level to {@code level} (or more, if another raise asks for more) until the raise is closed. */
    public Raise raise(String plugin, Level level) {
        change(plugin, l -> l.add(level));
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                change(plugin, l -> l.remove(level));
            }
        };
    }

    /** {@code listener} hears (plugin, its level now, empty: back at the daemon's) after each change; returns how to stop. */
    public Runnable onChange(BiConsumer<String, Optional<Level>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void change(String plugin, java.util.function.Consumer<List<Level>> how) {
        Optional<Level> before;
        Optional<Level> after;
        synchronized (raises) {
            before = of(plugin);
            List<Level> l = raises.computeIfAbsent(plugin, p -> new ArrayList<>());
            how.accept(l);
            if (l.isEmpty()) {
                raises.remove(plugin);
            }
            Map<String, Level> next = new HashMap<>();
            raises.forEach((p, ls) -> next.put(p, ls.stream().max(Enum::compareTo).orElseThrow()));
            effective = Map.copyOf(next);
            after = of(plugin);
            if (!before.equals(after)) {
                // told under the lock, so listeners hear the changes of one plugin in their order
                listeners.forEach(x -> x.accept(plugin, after));
            }
        }
    }
}
