package nexcage.plugintest;

import java.util.Map;

/**
 * What a hook fired by {@link NexCageRuntime#fireHook} came to: the runtime's own
 * {@code nexcage.api.hooks.HookResult}, copied out of the framework.
 *
 * @param hook the hook fired
 * @param vetoed true when a handler vetoed (only {@code pre_*} hooks can be)
 * @param vetoedBy the plugin that vetoed, or null
 * @param reason why it vetoed, or null
 * @param metadata the metadata after every handler ran
 * @param handlers how many handlers ran
 * @param failures how many threw, overran their timeout or misused the context
 */
public record HookOutcome(String hook, boolean vetoed, String vetoedBy, String reason, Map<String, String> metadata,
        int handlers, int failures) {

    public HookOutcome {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
