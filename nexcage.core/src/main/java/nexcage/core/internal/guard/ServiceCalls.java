package nexcage.core.internal.guard;

import java.util.function.Supplier;

import org.osgi.framework.Bundle;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginCall;
import nexcage.security.admin.HiddenFromPlugins;

/**
 * Counts each call one plugin makes to a guarded service as its entry {@code service:OPERATION}
 * (e.g. {@code service:containers.create}): the work runs on the plugin's behalf, so its cost is
 * the plugin's. A call that throws (a denied capability included) is an error. A runtime bundle's
 * calls are not counted.
 */
final class ServiceCalls {
    private final PluginAccounting accounting;
    /** The calling plugin; null for a bundle of the runtime. */
    private final String plugin;

    ServiceCalls(PluginAccounting accounting, Bundle caller) {
        this.accounting = accounting;
        this.plugin = HiddenFromPlugins.pluginName(caller.getLocation());
    }

    <T> T call(String operation, Supplier<T> body) {
        PluginCall measured = plugin == null ? PluginCall.NONE : accounting.begin(plugin, PluginAccounting.SERVICE + operation);
        boolean failed = true;
        try {
            T result = body.get();
            failed = false;
            return result;
        } finally {
            measured.end(failed);
        }
    }

    void run(String operation, Runnable body) {
        call(operation, () -> {
            body.run();
            return null;
        });
    }
}
