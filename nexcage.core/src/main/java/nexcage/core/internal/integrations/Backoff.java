package nexcage.core.internal.integrations;

/** The wait before the next connect after {@code failures} failures in a row: 1 s doubling up to 60 s. */
final class Backoff {
    static final long FIRST_MS = 1_000;
    static final long MAX_MS = 60_000;

    private Backoff() {
    }

    static long delayMs(int failures) {
        if (failures <= 1) {
            return FIRST_MS;
        }
        int shift = Math.min(failures - 1, 6); // 2^6 s is past the cap already
        return Math.min(MAX_MS, FIRST_MS << shift);
    }
}
