package nexcage.core.internal.cli;

import java.util.List;

import nexcage.api.ResourceRequirements.Resource;

/**
 * Which of a plugin's declared limits the daemon watches, and which it cannot (DESIGN §5), as
 * {@code plugin info} and {@code plugin stats NAME} tell them.
 */
final class PluginLimits {
    /** Measured per plugin in the daemon's JVM: each call's wait, its threads, its CPU time, its data directory. */
    static final List<String> WATCHED = List.of(Resource.TIMEOUT_SECONDS.key(), Resource.MAX_THREADS.key(),
            Resource.MAX_CPU_PERCENT.key(), Resource.MAX_DISK_USAGE_MB.key());
    /** Shared by every plugin in one JVM, so not measurable per plugin. */
    static final List<String> NOT_ENFORCED = List.of(Resource.MAX_MEMORY_MB.key(), Resource.MAX_FILE_DESCRIPTORS.key(),
            Resource.MAX_NETWORK_CONNECTIONS.key());
    static final String WHY_NOT_ENFORCED = "cannot be measured per plugin inside one JVM: enforced only for sandboxed plugins "
            + "(plugins.NAME.sandbox: process); allocated bytes per second is shown instead";
    /** Held by a sandboxed plugin's cgroup (memory with the child JVM's base, CPU quota, pids) and rlimit (open files). */
    static final List<String> SANDBOX_ENFORCED = List.of(Resource.MAX_MEMORY_MB.key(), Resource.MAX_CPU_PERCENT.key(),
            Resource.MAX_THREADS.key(), Resource.MAX_FILE_DESCRIPTORS.key());
    static final List<String> NOT_ENFORCED_SANDBOXED = List.of(Resource.MAX_NETWORK_CONNECTIONS.key());
    static final String WHY_NOT_ENFORCED_SANDBOXED = "a sandboxed plugin's connections are not counted: without network_client or "
            + "network_server it has no network at all, with them it has the host's";

    private PluginLimits() {
    }

    static boolean watched(String key) {
        return WATCHED.contains(key);
    }
}
