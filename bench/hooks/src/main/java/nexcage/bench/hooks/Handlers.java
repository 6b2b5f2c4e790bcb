package nexcage.bench.hooks;

import java.util.Map;
import java.util.concurrent.ExecutorService;

import nexcage.api.hooks.HookHandler;
import nexcage.hooks.admin.HookAdmin;
import nexcage.hooks.internal.HookDispatcherCore;
import nexcage.hooks.internal.HookThreads;
import nexcage.hooks.internal.Who;

/** Builds a dispatcher with N no-op handlers on one hook, the way the DS component would. */
final class Handlers {

    static final String HOOK = "container.post_start";
    static final Map<String, String> METADATA = Map.of("container_id", "web", "backend", "docker", "image", "busybox");

    private Handlers() {
    }

    /**
     * @param armed true: plugin handlers, each on a worker thread under its timeout; false:
     *     inline runtime handlers on the caller's thread (the unarmed baseline)
     */
    static HookDispatcherCore dispatcher(ExecutorService threads, int handlers, boolean armed) {
        HookDispatcherCore hooks = new HookDispatcherCore(threads, (level, plugin, message) -> System.err.println(message));
        Who who = armed ? new Who("bench", true, 30) : new Who("nexcage.core", false, 30);
        HookHandler noop = ctx -> {
        };
        for (int i = 0; i < handlers; i++) {
            hooks.add(i + 1, noop, Map.of(HookHandler.HOOK, HOOK, HookAdmin.INLINE, !armed), who);
        }
        return hooks;
    }

    static ExecutorService threads() {
        return HookThreads.create();
    }
}
