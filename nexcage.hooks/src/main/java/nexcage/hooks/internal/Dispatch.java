package nexcage.hooks.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import nexcage.api.hooks.HookResult;

/**
 * The state of one {@code fire}. Only one thread owns it at a time (the caller, or the worker
 * running the current segment), and ownership passes through a volatile/CAS hand-off, so its
 * fields need no locks.
 */
final class Dispatch {

    final String hook;
    final String source;
    final boolean vetoable;
    /** The hooks being dispatched on this call chain, this one included (recursion guard). */
    final Set<String> chain;
    /** Concurrent only so that a handler still running after its timeout can read it safely. */
    final Map<String, String> metadata;

    int handlers;
    int failures;
    int timeouts;
    boolean vetoed;
    String vetoedBy;
    String reason;

    Dispatch(String hook, String source, boolean vetoable, Set<String> chain, Map<String, String> given) {
        this.hook = hook;
        this.source = source;
        this.vetoable = vetoable;
        this.chain = chain;
        this.metadata = new ConcurrentHashMap<>(copyWithoutNulls(given));
    }

    static Map<String, String> copyWithoutNulls(Map<String, String> given) {
        Map<String, String> copy = new HashMap<>();
        if (given != null) {
            given.forEach((k, v) -> {
                if (k != null && v != null) {
                    copy.put(k, v);
                }
            });
        }
        return copy;
    }

    HookResult result() {
        return new HookResult(hook, vetoed, vetoedBy, reason, metadata, handlers, failures, timeouts, false);
    }
}
