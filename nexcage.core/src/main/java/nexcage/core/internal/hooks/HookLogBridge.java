package nexcage.core.internal.hooks;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.api.PluginHeaders;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;

/**
 * Sends the hook dispatcher's lines (failures, timeouts, vetoes) to the daemon's log; a line
 * about a plugin's handler goes to that plugin's log too, at its level.
 */
@Component(service = nexcage.hooks.admin.HookLog.class)
public class HookLogBridge implements nexcage.hooks.admin.HookLog {
    private final Daemon daemon;
    private final BundleContext context;

    @Activate
    public HookLogBridge(BundleContext context, @Reference Daemon daemon) {
        this.context = context;
        this.daemon = daemon;
    }

    @Override
    public void log(String level, String plugin, String message) {
        String source = plugin == null ? "hooks" : "hooks/" + plugin;
        if (plugin != null && isPlugin(plugin)) {
            daemon.log().about(plugin).log(DaemonLog.parseLevel(level), source, message, null);
        } else {
            daemon.log().log(DaemonLog.parseLevel(level), source, message);
        }
    }

    /** The dispatcher names a handler's bundle by its plugin name, else its symbolic name: only the former has a plugin log. */
    private boolean isPlugin(String name) {
        for (Bundle b : context.getBundles()) {
            String header = b.getHeaders("").get(PluginHeaders.NAME);
            if (header != null && name.equals(header.trim())) {
                return true;
            }
        }
        return false;
    }
}
