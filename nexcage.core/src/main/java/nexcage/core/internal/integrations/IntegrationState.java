package nexcage.core.internal.integrations;

import java.util.Locale;

/**
 * What is known of one integration (DESIGN §8, {@code integration list}): its connection state,
 * its last health answer, and why it is failed or disconnected (null when nothing is wrong).
 */
public record IntegrationState(String name, String plugin, State state, String health, String reason, String version, String description) {

    public enum State {
        CONNECTING, CONNECTED, FAILED, DISCONNECTED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    IntegrationState with(State s, String h, String r) {
        return new IntegrationState(name, plugin, s, h, r, version, description);
    }
}
