package nexcage.api.hooks;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A hook handler, registered as a service (whiteboard) with {@link #HOOK} naming the hooks it
 * handles and optionally {@link #PRIORITY}, {@link #TIMEOUT_MS} and {@link #FAIL_CLOSED}. A
 * handler that throws or overruns its timeout is logged, counted and skipped.
 */
@ConsumerType
@FunctionalInterface
public interface HookHandler {

    /** Service property: the hook name(s) handled (String or String[]). */
    String HOOK = "nexcage.hook";

    /** Service property: one of {@code critical high normal low background}; default normal. */
    String PRIORITY = "nexcage.hook.priority";

    /** Service property: the handler's time limit in ms; default 5000, capped by the plugin's timeout. */
    String TIMEOUT_MS = "nexcage.hook.timeout_ms";

    /** Service property: when true, the handler's failure counts as a veto. */
    String FAIL_CLOSED = "nexcage.hook.fail_closed";

    void handle(HookContext context) throws Exception;
}
