package nexcage.hooks.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nexcage.api.hooks.HookHandler;
import nexcage.api.hooks.HookPriority;
import nexcage.hooks.admin.HookAdmin;
import nexcage.hooks.admin.HookLog;

/**
 * A handler's effective settings, read from its service properties and its bundle. Bad values
 * are not fatal: each is reported in one line and replaced by its default, so one typo does not
 * silently drop an audit or policy handler.
 *
 * <p>{@code ofPlugin}: registered by a plugin bundle (one with {@code NexCage-Plugin-Name}), so its
 * calls are the plugin's and are accounted to it; the runtime's own handlers are not.
 */
record HandlerSpec(List<String> hooks, String plugin, HookPriority priority, long timeoutMs, boolean failClosed,
        boolean inline, boolean ofPlugin) {

    static final long DEFAULT_TIMEOUT_MS = 5000;

    /**
     * @return the spec, or null when the service names no hook (it is then not registered)
     */
    static HandlerSpec parse(Map<String, ?> props, Who who, HookLog log) {
        String plugin = who.name();
        Object named = props.get(HookAdmin.PLUGIN);
        if (named != null && !String.valueOf(named).isBlank()) {
            if (who.plugin()) {
                log.log("warn", plugin, "hook handler of plugin " + plugin + ": " + HookAdmin.PLUGIN
                        + " is ignored on a plugin's handler (it is always named by NexCage-Plugin-Name); remove the property");
            } else {
                plugin = String.valueOf(named).trim();
            }
        }
        String what = "hook handler of plugin " + plugin;
        List<String> hooks = hooks(props.get(HookHandler.HOOK));
        if (hooks.isEmpty()) {
            log.log("warn", plugin, what + " names no hook in " + HookHandler.HOOK
                    + " and is not registered; set it to a hook name such as container.pre_create");
            return null;
        }
        what += " for " + String.join(",", hooks);
        return new HandlerSpec(hooks, plugin, priority(props.get(HookHandler.PRIORITY), what, plugin, log),
                timeoutMs(props.get(HookHandler.TIMEOUT_MS), who, what, log), bool(props.get(HookHandler.FAIL_CLOSED)),
                inline(props.get(HookAdmin.INLINE), who, what, log), who.plugin());
    }

    private static List<String> hooks(Object value) {
        List<Object> raw = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            raw.addAll(c);
        } else if (value != null && value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                raw.add(Array.get(value, i));
            }
        } else if (value != null) {
            raw.add(value);
        }
        Set<String> hooks = new LinkedHashSet<>();
        for (Object o : raw) {
            if (o != null && !String.valueOf(o).isBlank()) {
                hooks.add(String.valueOf(o).trim());
            }
        }
        return List.copyOf(hooks);
    }

    private static HookPriority priority(Object value, String what, String plugin, HookLog log) {
        if (value == null) {
            return HookPriority.NORMAL;
        }
        return HookPriority.byId(String.valueOf(value).trim()).orElseGet(() -> {
            log.log("warn", plugin, what + ": " + HookHandler.PRIORITY + "='" + value
                    + "' is not one of critical high normal low background; it runs at normal until the property is fixed");
            return HookPriority.NORMAL;
        });
    }

    private static long timeoutMs(Object value, Who who, String what, HookLog log) {
        long cap = who.timeoutSeconds() * 1000L;
        long ms = DEFAULT_TIMEOUT_MS;
        if (value != null) {
            try {
                ms = value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value).trim());
                if (ms <= 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                log.log("warn", who.name(), what + ": " + HookHandler.TIMEOUT_MS + "='" + value
                        + "' is not a positive number of milliseconds; using " + DEFAULT_TIMEOUT_MS + " until it is fixed");
                ms = DEFAULT_TIMEOUT_MS;
            }
        }
        return Math.min(ms, cap);
    }

    private static boolean inline(Object value, Who who, String what, HookLog log) {
        boolean inline = bool(value);
        if (inline && who.plugin()) {
            log.log("warn", who.name(), what + ": " + HookAdmin.INLINE
                    + " is only for runtime bundles; a plugin's handler always runs under its timeout, so remove the property");
            return false;
        }
        return inline;
    }

    private static boolean bool(Object value) {
        return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(String.valueOf(value).trim());
    }
}
