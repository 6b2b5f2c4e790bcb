package nexcage.api.hooks;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Fires a hook: runs every registered {@link HookHandler} for it in priority order, each under
 * its timeout, and reports what happened. The caller is never blocked longer than the sum of the
 * handlers' timeouts. Only {@code pre_*} hooks can be vetoed (see {@link HookNames#isVetoable}).
 */
@ProviderType
public interface HookDispatcher {

    /**
     * Runs the handlers of {@code hook}.
     *
     * @param hook the hook's name, e.g. {@link HookNames#CONTAINER_PRE_CREATE}
     * @param source who fires it: {@code core} or a plugin's name
     * @param metadata the event's facts ({@code container_id}, {@code backend}, {@code image},
     *     {@code command}, ...); copied, never modified
     * @return the outcome; {@link HookResult#vetoed()} is only ever true for {@code pre_*} hooks
     * @throws IllegalArgumentException when {@code hook} is null or blank
     */
    HookResult fire(String hook, String source, Map<String, String> metadata);
}
