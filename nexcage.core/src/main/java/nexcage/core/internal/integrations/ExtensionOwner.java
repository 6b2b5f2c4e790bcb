package nexcage.core.internal.integrations;

import java.util.Optional;
import java.util.concurrent.Callable;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import nexcage.api.PluginMetadata;
import nexcage.core.internal.daemon.DaemonLog;
import nexcage.core.internal.plugins.PluginRegistry;
import nexcage.core.internal.plugins.Timed;

/**
 * The plugin that registered an extension: its name (the bundle's symbolic name for a runtime
 * bundle), its {@code timeout_seconds}, and whether it is a plugin, whose lines then also go to its
 * own log.
 */
record ExtensionOwner(String plugin, int timeoutSeconds, boolean isPlugin) {

    static ExtensionOwner of(PluginRegistry plugins, ServiceReference<?> ref) {
        Bundle owner = ref.getBundle();
        Optional<PluginMetadata> meta = plugins.metadata(owner);
        return new ExtensionOwner(meta.map(PluginMetadata::name).orElse(owner.getSymbolicName()),
                meta.map(m -> m.resources().timeoutSeconds()).orElse(30), meta.isPresent());
    }

    DaemonLog.About log(DaemonLog log) {
        return log.about(isPlugin ? plugin : null);
    }

    /** Calls into it on the daemon's plugin executor under its timeout, counted as its entries. */
    PluginCaller caller(Timed timed) {
        return new PluginCaller() {
            @Override
            public <T> T call(String entry, String what, Callable<T> call) throws Exception {
                return timed.call(plugin, entry, what, timeoutSeconds, call);
            }
        };
    }
}
