package nexcage.hooks.internal;

import java.util.Set;

/**
 * What a thread is dispatching right now: the hooks on its call chain and the plugin whose
 * handler it runs. Kept per thread (the caller for inline handlers, the worker for timed ones;
 * a worker copies the chain of the dispatch it serves), so a handler that fires a hook of its
 * own chain again is caught however deep it is.
 */
final class Frame {

    static final ThreadLocal<Frame> CURRENT = ThreadLocal.withInitial(Frame::new);

    Set<String> chain = Set.of();
    String plugin;
}
