package nexcage.example.prometheusmetrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import nexcage.api.HealthStatus;

/**
 * What the gateway answered lately, and the health that follows: unhealthy while it does not
 * answer its health check, degraded while it answers but refused the last push, else healthy.
 * Thread-safe (one monitor: each update is a few fields).
 */
final class GatewayAnswers {
    private boolean answering;
    private boolean lastPushFailed;
    private String lastProblem;
    private Instant lastPushAt;
    private int lastPushSeries;
    private long pushes;
    private long pushFailures;

    synchronized void probed(boolean ok, String problem) {
        answering = ok;
        if (!ok) {
            lastProblem = problem;
        }
    }

    synchronized void pushed(int series) {
        answering = true;
        lastPushFailed = false;
        lastPushAt = Instant.now();
        lastPushSeries = series;
        pushes++;
    }

    synchronized void pushFailed(String problem) {
        lastPushFailed = true;
        lastProblem = problem;
        pushFailures++;
    }

    synchronized HealthStatus health() {
        if (!answering) {
            return HealthStatus.UNHEALTHY;
        }
        return lastPushFailed ? HealthStatus.DEGRADED : HealthStatus.HEALTHY;
    }

    synchronized long pushes() {
        return pushes;
    }

    synchronized long pushFailures() {
        return pushFailures;
    }

    /** The figures {@code collect} returns (under the extension's name in the runtime's snapshot). */
    synchronized Map<String, Double> figures() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("pushes", (double) pushes);
        m.put("push_failures", (double) pushFailures);
        m.put("last_push_series", (double) lastPushSeries);
        return m;
    }

    /** The answer to {@code {"action":"status"}}. */
    synchronized Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("health", health().id());
        m.put("pushes", pushes);
        m.put("push_failures", pushFailures);
        m.put("last_push", lastPushAt == null ? null : lastPushAt.toString());
        m.put("last_push_series", lastPushSeries);
        m.put("last_problem", lastProblem);
        return m;
    }
}
