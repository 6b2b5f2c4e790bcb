package nexcage.api.backend;

/**
 * A backend's health: {@code healthy} (the engine answers; {@code version} is its version),
 * {@code unhealthy} (installed but not answering) or {@code undetected} (no engine at all), with
 * a reason a person can act on when not healthy.
 */
public record BackendHealth(State state, String version, String reason) {

    public enum State {
        HEALTHY, UNHEALTHY, UNDETECTED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static BackendHealth healthy(String version) {
        return new BackendHealth(State.HEALTHY, version, null);
    }

    public static BackendHealth unhealthy(String reason) {
        return new BackendHealth(State.UNHEALTHY, null, reason);
    }

    public static BackendHealth undetected(String reason) {
        return new BackendHealth(State.UNDETECTED, null, reason);
    }
}
