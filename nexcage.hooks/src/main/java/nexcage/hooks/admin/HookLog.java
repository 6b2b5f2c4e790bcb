package nexcage.hooks.admin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the dispatcher writes its log lines (failed, slow or refused handlers). The core
 * registers one service of this type that forwards to the daemon log; without one the
 * dispatcher writes to standard error.
 */
@ConsumerType
@FunctionalInterface
public interface HookLog {

    /**
     * @param level {@code error warn info debug}
     * @param plugin the plugin concerned, or {@code hooks} for the dispatcher itself
     * @param message one line naming the thing, the reason and the fix
     */
    void log(String level, String plugin, String message);
}
