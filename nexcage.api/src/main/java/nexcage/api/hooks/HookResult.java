package nexcage.api.hooks;

import java.util.Map;

/**
 * The outcome of one {@link HookDispatcher#fire dispatch}.
 *
 * @param hook the hook fired
 * @param vetoed true when a {@code pre_*} handler vetoed (or a fail-closed one failed); the
 *     operation must not go ahead
 * @param vetoedBy the plugin that vetoed, or null
 * @param reason why it vetoed (for the user), or null
 * @param metadata the metadata after every handler that ran, read-only
 * @param handlers how many handlers ran (including those that failed or timed out)
 * @param failures how many threw, overran their timeout or misused the context
 * @param timeouts how many of the failures were timeouts
 * @param suppressed true when the dispatch did not run at all because a handler of the same hook
 *     fired it again (recursion guard); {@code reason} then says so
 */
public record HookResult(String hook, boolean vetoed, String vetoedBy, String reason, Map<String, String> metadata,
        int handlers, int failures, int timeouts, boolean suppressed) {

    public HookResult {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** What the user is told about a veto: {@code vetoed by PLUGIN: REASON}; null when not vetoed. */
    public String message() {
        return vetoed ? "vetoed by " + vetoedBy + ": " + reason : null;
    }
}
