package nexcage.example.audit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.api.hooks.HookContext;
import nexcage.api.hooks.HookHandler;
import nexcage.api.hooks.HookNames;

/**
 * Vetoes {@code container.pre_create} for ids matching {@code deny_pattern}, and records the
 * refusal itself (a veto stops the dispatch, so {@link AuditHandler} will not see the event).
 * High priority: a policy decision should come before handlers that prepare the container.
 */
@Component(property = {
        HookHandler.HOOK + "=" + HookNames.CONTAINER_PRE_CREATE,
        HookHandler.PRIORITY + "=high",
        HookHandler.TIMEOUT_MS + ":Long=1000"})
public class DenyHandler implements HookHandler {

    private final AuditLog log;

    @Activate
    public DenyHandler(@Reference AuditLog log) {
        this.log = log;
    }

    @Override
    public void handle(HookContext context) throws Exception {
        String reason = log.denial(context.metadata("container_id").orElse(null));
        if (reason != null) {
            context.veto(reason);
            log.write(context.hookName(), context.source(), context.metadata(), reason);
        }
    }
}
