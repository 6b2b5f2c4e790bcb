package nexcage.core.internal.containers;

import nexcage.api.hooks.HookResult;
import nexcage.core.internal.hooks.CoreHooks;

/** The container hooks of one operation: a {@code pre_*} hook that is vetoed fails it with the veto's reason. */
final class ContainerHooks {
    private final CoreHooks hooks;

    ContainerHooks(CoreHooks hooks) {
        this.hooks = hooks;
    }

    /** Asks {@code hook} (metadata as key, value, ...); a veto becomes a failure with {@code failStatus}. */
    void pre(String hook, int failStatus, String... metadata) throws ContainerFailure {
        HookResult r = hooks.fire(hook, metadata);
        if (r.vetoed()) {
            throw new ContainerFailure(failStatus, r.message());
        }
    }

    /** Tells {@code hook} (metadata as key, value, ...). */
    void post(String hook, String... metadata) {
        hooks.fire(hook, metadata);
    }
}
