package nexcage.core.internal.integrations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the health words last seen of plugins or backends into alerts when one changes
 * (DESIGN §5): {@code critical} when it becomes unhealthy or undetected, {@code warning} when
 * degraded, {@code info} when healthy again. The first sight of one is no change. OSGi-free.
 */
final class HealthWatch {

    record Alert(String severity, String message) {
    }

    private final String kind;
    private final Map<String, String> last = new HashMap<>();

    /** {@code kind}: {@code plugin} or {@code backend}, as the messages name them. */
    HealthWatch(String kind) {
        this.kind = kind;
    }

    synchronized List<Alert> seen(Map<String, String> now) {
        List<Alert> alerts = new ArrayList<>();
        now.forEach((name, health) -> {
            String before = last.put(name, health);
            if (before != null && !before.equals(health)) {
                alerts.add(new Alert(severity(health), kind + " " + name + " is " + health + " (was " + before + ")"));
            }
        });
        last.keySet().retainAll(now.keySet());
        return alerts;
    }

    static String severity(String health) {
        return switch (health) {
            case "healthy" -> "info";
            case "degraded", "unknown" -> "warning";
            default -> "critical";
        };
    }
}
