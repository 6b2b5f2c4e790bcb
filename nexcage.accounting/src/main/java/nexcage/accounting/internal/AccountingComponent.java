package nexcage.accounting.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginCall;
import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.WatchedPlugin;
import nexcage.security.admin.Violations;

/**
 * The accounting as a service for the runtime (hidden from plugins), with its sampler: one daemon
 * thread that looks at the watched plugins' threads, CPU window, disk and limits once a second
 * from activation to deactivation.
 */
@Component(service = PluginAccounting.class, immediate = true)
public final class AccountingComponent implements PluginAccounting {

    static final long SAMPLE_EVERY_MS = 1000;

    private final Accounting accounting;
    private final ScheduledExecutorService sampler;

    @Activate
    public AccountingComponent(@Reference Violations violations, @Reference(service = LoggerFactory.class) Logger log) {
        accounting = Accounting.onThisJvm(log::warn);
        Runnable pass = accounting.sampler(violations, log::warn);
        sampler = Executors.newSingleThreadScheduledExecutor(daemon("nexcage-accounting-sampler"));
        boolean[] failureSaid = {false};
        sampler.scheduleWithFixedDelay(() -> {
            try {
                pass.run();
            } catch (RuntimeException e) {
                // a broken pass must not end the sampling; said once, not every second
                if (!failureSaid[0]) {
                    failureSaid[0] = true;
                    log.error("the accounting sampler failed ({}); plugin threads, CPU and disk figures may lag until the daemon "
                            + "restarts; report this with the daemon log", e.toString(), e);
                }
            }
        }, SAMPLE_EVERY_MS, SAMPLE_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Deactivate
    void deactivate() {
        sampler.shutdownNow();
    }

    @Override
    public PluginCall begin(String plugin, String entry) {
        return accounting.begin(plugin, entry);
    }

    @Override
    public void timedOut(String plugin, String entry, long waitedNanos) {
        accounting.timedOut(plugin, entry, waitedNanos);
    }

    @Override
    public ThreadFactory threadFactory(String plugin) {
        return accounting.threadFactory(plugin);
    }

    @Override
    public void watch(WatchedPlugin plugin) {
        accounting.watch(plugin);
    }

    @Override
    public void unwatch(String plugin) {
        accounting.unwatch(plugin);
    }

    @Override
    public List<PluginUsage> usage() {
        return accounting.usage();
    }

    @Override
    public Optional<PluginUsage> usage(String plugin) {
        return accounting.usage(plugin);
    }
}
