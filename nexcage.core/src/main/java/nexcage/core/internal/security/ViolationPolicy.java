package nexcage.core.internal.security;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import nexcage.core.internal.config.SecuritySettings;
import nexcage.security.admin.Violation;

/**
 * {@code runtime.security} applied to each violation, of a capability or of a resource limit
 * (DESIGN §5), OSGi-free: counts a plugin's
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
            reason = resource(v) ? "disabled at its first violation (runtime.security.on_violation is disable): it exceeded " + what(v)
                    : "disabled at its first capability violation (runtime.security.on_violation is disable): " + what(v);
        } else if (n > s.maxViolations()) {
            // capability and resource violations alike count towards max_violations
            reason = "disabled after " + n + " violations (runtime.security.max_violations is " + s.maxViolations() + ")";
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

    static boolean resource(Violation v) {
        return Violation.KIND_RESOURCE.equals(v.kind());
    }

    /** What happened, for the log line that follows the plugin's name: it was denied a call, or it exceeded a limit. */
    static String described(Violation v) {
        return (resource(v) ? "exceeded " : "was denied ") + what(v);
    }

    /**
     * What was denied, for the log and the reasons: the operation, its detail, and what it needs;
     * for a resource violation the limit and its figures ({@code its limit max_threads (12 threads running, ...)}).
     */
    static String what(Violation v) {
        if (resource(v)) {
            return "its limit " + v.operation().substring(Violation.RESOURCE_PREFIX.length())
                    + (v.detail() == null || v.detail().isEmpty() ? "" : " (" + v.detail() + ")");
        }
        return v.operation() + (v.detail() == null || v.detail().isEmpty() ? "" : " (" + v.detail() + ")")
                + (v.capability() == null ? ", which no plugin may do" : ", which needs capability " + v.capability());
    }
}
