package nexcage.accounting.admin;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * Where every call into a plugin is counted and its resource limits are watched. Whoever calls into
 * a plugin (the command runner, the hook dispatcher, the lifecycle driver, the backend calls, the
 * guarded services) wraps the call in {@link #begin} and {@link PluginCall#end}.
 *
 * <p>Entry points are named {@code KIND:NAME}, with the kinds below, e.g. {@code command:hello},
 * {@code hook:container.pre_create}, {@code lifecycle:init}, {@code backend:create},
 * {@code service:containers.create}. Figures are kept by plugin name from the daemon's start, across
 * a plugin's reloads.
 */
public interface PluginAccounting {

    String COMMAND = "command:";
    String HOOK = "hook:";
    String LIFECYCLE = "lifecycle:";
    String BACKEND = "backend:";
    /** A guarded service the plugin called (its cost is the plugin's: the call runs on its behalf). */
    String SERVICE = "service:";
    String INTEGRATION = "integration:";
    /** The pseudo entry that holds the CPU time and allocation of the plugin's own threads (no calls). */
    String THREADS = "threads";

    /**
     * Starts measuring one call into {@code plugin} through {@code entry}, on the thread that runs
     * the plugin's code (the CPU time and allocation measured are this thread's). Cheap (well under
     * a microsecond with its end) and never throws; the call must be ended exactly once, on this
     * thread.
     */
    PluginCall begin(String plugin, String entry);

    /**
     * The caller stopped waiting for a call after {@code waitedNanos} (the plugin's timeout): it is
     * counted as a call, an error and a timeout, with that latency. The call's own end, if it ever
     * comes, is then {@link PluginCall#endLate}.
     */
    void timedOut(String plugin, String entry, long waitedNanos);

    /**
     * A thread factory whose threads are {@code plugin}'s: counted against its {@code max_threads},
     * their CPU time and allocation in its figures. Daemon threads named
     * {@code nexcage-plugin-NAME-N}.
     */
    ThreadFactory threadFactory(String plugin);

    /** Starts watching a plugin's threads, CPU, disk and limits as it starts; replaces an earlier watch of that name. */
    void watch(WatchedPlugin plugin);

    /** Stops watching a plugin (it stopped or went); its figures stay, its threads and limits are no longer watched. */
    void unwatch(String plugin);

    /** The usage of every plugin measured or watched since the daemon started, by name. */
    List<PluginUsage> usage();

    Optional<PluginUsage> usage(String plugin);
}
