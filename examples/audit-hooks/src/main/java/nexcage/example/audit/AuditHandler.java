package nexcage.example.audit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.api.hooks.HookContext;
import nexcage.api.hooks.HookHandler;
import nexcage.api.hooks.HookNames;

/**
 * Writes every container and CLI event. Runs last (background), so the line shows the metadata
 * other handlers added; an event vetoed earlier is written by {@link DenyHandler} instead.
 */
@Component(property = {
        HookHandler.HOOK + "=" + HookNames.CONTAINER_PRE_CREATE,
        HookHandler.HOOK + "=" + HookNames.CONTAINER_POST_CREATE,
        HookHandler.HOOK + "=" + HookNames.CONTAINER_PRE_START,
        HookHandler.HOOK + "=" + HookNames.CONTAINER_POST_START,
        HookHandler.HOOK + "=" + HookNames.CONTAINER_PRE_STOP,
        HookHandler.HOOK + "=" + HookNames.CONTAINER_POST_STOP,
        HookHandler.HOOK + "=" + HookNames.CONTAINER_PRE_DELETE,
        HookHandler.HOOK + "=" + HookNames.CONTAINER_POST_DELETE,
        HookHandler.HOOK + "=" + HookNames.CONTAINER_STATUS_CHANGED,
        HookHandler.HOOK + "=" + HookNames.CLI_PRE_COMMAND,
        HookHandler.HOOK + "=" + HookNames.CLI_POST_COMMAND,
        HookHandler.HOOK + "=" + HookNames.CLI_COMMAND_ERROR,
        HookHandler.HOOK + "=cli.help_requested",
        HookHandler.PRIORITY + "=background",
        HookHandler.TIMEOUT_MS + ":Long=1000"})
public class AuditHandler implements HookHandler {

    private final AuditLog log;

    @Activate
    public AuditHandler(@Reference AuditLog log) {
        this.log = log;
    }

    @Override
    public void handle(HookContext context) throws Exception {
        log.write(context.hookName(), context.source(), context.metadata(), null);
    }
}
