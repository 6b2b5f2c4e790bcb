package nexcage.core.internal.integrations;

/** Runs a task after a delay; a scheduled executor in the daemon, a hand-driven queue in unit tests. */
@FunctionalInterface
interface Scheduler {

    /** Schedules {@code task} in {@code delayMs}; the returned handle cancels it. */
    Cancel schedule(Runnable task, long delayMs);

    interface Cancel {
        void cancel();
    }
}
