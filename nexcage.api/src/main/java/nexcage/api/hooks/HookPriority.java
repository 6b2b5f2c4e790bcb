package nexcage.api.hooks;

import java.util.Locale;
import java.util.Optional;

/** The order handlers run in: critical first, background last; stable among equals. */
public enum HookPriority {
    CRITICAL, HIGH, NORMAL, LOW, BACKGROUND;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<HookPriority> byId(String id) {
        for (HookPriority p : values()) {
            if (p.id().equalsIgnoreCase(id)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
