package nexcage.core.internal.hooks;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;
import nexcage.hooks.admin.HookLog;

/** Sends the hook dispatcher's lines (failures, timeouts, vetoes) to the daemon's log. */
@Component(service = HookLog.class)
public class HookLogBridge implements HookLog {
    private final Daemon daemon;

    @Activate
    public HookLogBridge(@Reference Daemon daemon) {
        this.daemon = daemon;
    }

    @Override
    public void log(String level, String plugin, String message) {
        daemon.log().log(DaemonLog.parseLevel(level), plugin == null ? "hooks" : "hooks/" + plugin, message);
    }
}
