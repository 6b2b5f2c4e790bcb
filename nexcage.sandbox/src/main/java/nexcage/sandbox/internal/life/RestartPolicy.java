package nexcage.sandbox.internal.life;

/**
 * When a dead child is started again ({@code runtime.security.sandbox_restarts}, default 3): after
 * 1 s, then 2 s, 4 s... (at most 30 s), up to that many restarts; a child that ran a minute without
 * dying earns its count back. Not thread-safe: one per plugin, used on the sandbox's thread.
 */
public final class RestartPolicy {
    static final long STABLE_MILLIS = 60_000;
    private final int maxRestarts;
    private int restarts;

    public RestartPolicy(int maxRestarts) {
        this.maxRestarts = maxRestarts;
    }

    /** The child died after running {@code ranMillis}: the delay before the next start, or -1 when it is to be left dead. */
    public long afterDeath(long ranMillis) {
        if (ranMillis >= STABLE_MILLIS) {
            restarts = 0;
        }
        if (restarts >= maxRestarts) {
            return -1;
        }
        long delay = Math.min(30_000, 1000L << Math.min(restarts, 5));
        restarts++;
        return delay;
    }

    /** Restarts made so far. */
    public int restarts() {
        return restarts;
    }

    public int maxRestarts() {
        return maxRestarts;
    }
}
