package nexcage.core.internal.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import nexcage.core.internal.daemon.DaemonLog;

/**
 * The checkers and listeners {@link ConfigService} has bound, and the calls to them: each under
 * its own guard, so one that throws is logged with its cause and the others are still called.
 */
final class ConfigWhiteboard {
    private final DaemonLog log;
    private final List<ConfigChecker> checkers = new CopyOnWriteArrayList<>();
    private final List<ConfigListener> listeners = new CopyOnWriteArrayList<>();

    ConfigWhiteboard(DaemonLog log) {
        this.log = log;
    }

    void add(ConfigChecker c) {
        checkers.add(c);
    }

    void remove(ConfigChecker c) {
        checkers.remove(c);
    }

    /** A new listener hears of the configuration in force at once, so it need not ask. */
    void add(ConfigListener l, ConfigDocument current) {
        listeners.add(l);
        guarded(l, () -> l.configApplied(current));
    }

    void remove(ConfigListener l) {
        listeners.remove(l);
    }

    /** The first refusal of the values by a checker, or null when all accept them (one that throws is logged and does not refuse). */
    String refusal(String plugin, Map<String, Object> values) {
        Map<String, Object> copy = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        for (ConfigChecker c : checkers) {
            String[] why = new String[1];
            guarded(c, () -> why[0] = c.check(plugin, copy));
            if (why[0] != null) {
                return why[0];
            }
        }
        return null;
    }

    /** The plugin's section changed and was delivered. */
    void reloaded(String plugin, Map<String, Object> values) {
        Map<String, Object> copy = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        checkers.forEach(c -> guarded(c, () -> c.reloaded(plugin, copy)));
    }

    /** A configuration was applied. */
    void applied(ConfigDocument doc) {
        listeners.forEach(l -> guarded(l, () -> l.configApplied(doc)));
    }

    private void guarded(Object who, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("config", who.getClass().getName() + " failed on the applied configuration (" + e
                    + "); the other listeners were still told", e);
        }
    }
}
