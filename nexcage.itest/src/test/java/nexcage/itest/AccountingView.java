package nexcage.itest;

import java.time.Duration;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginCall;
import nexcage.accounting.admin.UsageFigures;

/**
 * The accounting bundle's service, as plain values. Only this class names nexcage.accounting's types:
 * as with {@link SecurityView}, that bundle is not on the test JVM's class path, so this class is
 * loaded inside the framework only.
 */
final class AccountingView {

    /** The figures of one entry after one measured call. */
    record Figures(long calls, long errors, double cpuMs, long allocatedBytes) {
    }

    private AccountingView() {
    }

    /** Measures one call of {@code plugin} through {@code entry} that allocates about {@code bytes}, and reads the entry back. */
    static Figures measureOneCall(BundleContext context, String plugin, String entry, int bytes, Duration wait)
            throws InterruptedException {
        ServiceTracker<PluginAccounting, PluginAccounting> tracker = new ServiceTracker<>(context, PluginAccounting.class, null);
        tracker.open();
        try {
            PluginAccounting accounting = tracker.waitForService(wait.toMillis());
            if (accounting == null) {
                throw new AssertionError("no PluginAccounting service within " + wait.toMillis() + " ms");
            }
            PluginCall call = accounting.begin(plugin, entry);
            byte[] garbage = new byte[bytes];
            call.end(garbage.length == 0);
            UsageFigures f = accounting.usage(plugin).orElseThrow().byEntry().get(entry);
            return new Figures(f.calls(), f.errors(), f.cpuMs(), f.allocatedBytes());
        } finally {
            tracker.close();
        }
    }
}
