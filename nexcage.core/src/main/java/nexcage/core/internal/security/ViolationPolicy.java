package nexcage.core.internal.security;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import nexcage.core.internal.config.SecuritySettings;
import nexcage.security.admin.Violation;

/**
 * {@code runtime.security} applied to each violation (DESIGN §5), OSGi-free: counts a plugin's
 * violations since it last started and decides when it is disabled, once: at its first violation
 * under {@code on_violation: disable}, and in any case once it has more than
 * {@code max_violations}. A flood of violations yields one decision, not one per violation.
 */
final class ViolationPolicy {
    private final Supplier<SecuritySettings> settings;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    /** Plugins already decided to be disabled since they last started. */
    private final Set<String> disabling = ConcurrentHashMap.newKeySet();

    ViolationPolicy(Supplier<SecuritySettings> settings) {
        this.settings = settings;
    }

    /** Counts the violation; returns the reason to disable its plugin when this is the one that does, else null. */
    String count(Violation v) {
        long n = counts.computeIfAbsent(v.plugin(), k -> new AtomicLong()).incrementAndGet();
        SecuritySettings s = settings.get();
        String reason;
        if (s.onViolation() == SecuritySettings.OnViolation.DISABLE) {
            reason = "disabled at its first capability violation (runtime.security.on_violation is disable): " + what(v);
        } else if (n > s.maxViolations()) {
            reason = "disabled after " + n + " capability violations (runtime.security.max_violations is " + s.maxViolations() + ")";
        } else {
            return null;
        }
        return disabling.add(v.plugin()) ? reason + "; see nexcage plugin violations " + v.plugin() : null;
    }

    /** The plugin (re)started: its count begins again, and it may be disabled again. */
    void started(String plugin) {
        counts.remove(plugin);
        disabling.remove(plugin);
    }

    /** Violations counted for the plugin since it last started. */
    long counted(String plugin) {
        AtomicLong n = counts.get(plugin);
        return n == null ? 0 : n.get();
    }

    /**
     * Whether a violation gets its line in the daemon log: the first of each kind, then at 10, 100,
     * 1000... of it, so a plugin that loops on a denied call cannot flood the log (the record counts them all).
     */
    static boolean logged(Violation v) {
        long c = v.count();
        while (c >= 10 && c % 10 == 0) {
            c /= 10;
        }
        return c == 1;
    }

    /** What was denied, for the log and the reasons: the operation, its detail, and what it needs. */
    static String what(Violation v) {
        return v.operation() + (v.detail() == null || v.detail().isEmpty() ? "" : " (" + v.detail() + ")")
                + (v.capability() == null ? ", which no plugin may do" : ", which needs capability " + v.capability());
    }
}
