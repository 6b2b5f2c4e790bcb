package nexcage.hooks.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One handler's registration for one hook, with its statistics since it was registered. Times
 * are in milliseconds; {@code p99Ms} is exact to about 3% (histogram buckets).
 *
 * @param hook the hook name
 * @param plugin the plugin that registered it ({@code NexCage-Plugin-Name}), or the bundle's
 *     symbolic name for runtime bundles
 * @param serviceId the handler service's id (its registration order)
 * @param priority {@code critical high normal low background}
 * @param timeoutMs the effective timeout (already capped by the plugin's timeout_seconds); 0 for
 *     an inline runtime handler, which has none
 * @param failClosed whether its failure counts as a veto
 * @param enabled false while its plugin's handlers are switched off
 */
public record HookRegistrationInfo(String hook, String plugin, long serviceId, String priority, long timeoutMs,
        boolean failClosed, boolean enabled, long executions, long failures, long timeouts, long vetoes,
        double minMs, double avgMs, double maxMs, double p99Ms) {

    /** The DESIGN §8 {@code hooks list --json} object: snake_case keys in the documented order. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hook", hook);
        m.put("plugin", plugin);
        m.put("priority", priority);
        m.put("timeout_ms", timeoutMs);
        m.put("fail_closed", failClosed);
        m.put("enabled", enabled);
        m.put("executions", executions);
        m.put("failures", failures);
        m.put("timeouts", timeouts);
        m.put("vetoes", vetoes);
        m.put("min_ms", minMs);
        m.put("avg_ms", avgMs);
        m.put("max_ms", maxMs);
        m.put("p99_ms", p99Ms);
        return m;
    }
}
