package nexcage.core.internal.daemon;

import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.LogService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.admin.LoggerAdmin;

import nexcage.core.internal.daemon.DaemonLog.Level;

/**
 * Brings the OSGi log (what every bundle logs through {@code LogService} or {@code LoggerFactory},
 * and the framework's errors, which Felix Log records too) into the daemon log, each line under
 * the plugin's name (else the bundle's symbolic name), so that a plugin's lines can be told apart.
 * It only reads the OSGi log and writes the daemon log, never the other way: no line goes round.
 * A plugin's lines go to its own log too, and while a client debugs the plugin
 * ({@code --plugin-debug}) the plugin bundle's logger context runs at the raised level, so that
 * its debug lines are made at all; it is cleared (back to the root context) when the raise ends.
 */
@Component(immediate = true, service = {})
public class OsgiLogBridge implements LogListener {
    private final DaemonLog log;
    private final LogReaderService reader;
    private final BundleContext context;
    private final LoggerAdmin admin;
    private final Runnable stopHearingLevels;
    private final Logger own;
    private final Map<String, CountDownLatch> barriers = new ConcurrentHashMap<>();
    private final AtomicLong barrierIds = new AtomicLong();

    /** The message of an entry the bridge logs only to know when what was logged before it has come through. */
    private static final String BARRIER = "nexcage: the OSGi log has delivered up to here ";
    // normally the barrier comes through at once; the bound only matters when Felix Log's thread is starved, as on a
    // loaded 2-core machine, and a debugging client would rather wait longer than miss its plugin's last lines
    private static final long BARRIER_WAIT_MS = 5000;

    @Activate
    public OsgiLogBridge(BundleContext context, @Reference Daemon daemon, @Reference LogReaderService reader,
            @Reference LoggerAdmin admin, @Reference LogService logService) {
        this.own = logService.getLogger(OsgiLogBridge.class);
        this.log = daemon.log();
        this.reader = reader;
        this.context = context;
        this.admin = admin;
        Map<String, LogLevel> levels = new HashMap<>();
        OsgiLogMapping.rootLevels(log.threshold(), Logger.ROOT_LOGGER_NAME)
                .forEach((logger, level) -> levels.put(logger, LogLevel.valueOf(level)));
        admin.getLoggerContext(null).setLogLevels(levels);
        long since = System.currentTimeMillis();
        reader.addLogListener(this);
        OsgiLogMapping.before(Collections.list(reader.getLog()), LogEntry::getTime, since).forEach(this::logged);
        log.levels().raised().forEach((plugin, level) -> pluginLevel(plugin, Optional.of(level)));
        this.stopHearingLevels = log.levels().onChange(this::pluginLevel);
        log.awaitPendingWith(this::awaitDelivered);
    }

    @Deactivate
    void deactivate() {
        log.awaitPendingWith(null);
        stopHearingLevels.run();
        log.levels().raised().keySet().forEach(plugin -> pluginLevel(plugin, Optional.empty()));
        reader.removeLogListener(this);
    }

    /** The logger context of the plugin's bundle (by symbolic name, so it outlives an update) at its raised level, or cleared. */
    private void pluginLevel(String plugin, Optional<Level> level) {
        for (Bundle b : context.getBundles()) {
            Dictionary<String, String> headers = b.getHeaders("");
            String bsn = OsgiLogMapping.symbolicName(headers.get(Constants.BUNDLE_SYMBOLICNAME));
            if (bsn != null && plugin.equals(pluginName(headers))) {
                if (level.isPresent()) {
                    Map<String, LogLevel> levels = new HashMap<>();
                    OsgiLogMapping.rootLevels(level.get(), Logger.ROOT_LOGGER_NAME)
                            .forEach((logger, l) -> levels.put(logger, LogLevel.valueOf(l)));
                    admin.getLoggerContext(bsn).setLogLevels(levels);
                } else {
                    admin.getLoggerContext(bsn).clear();
                }
            }
        }
    }

    private static String pluginName(Dictionary<String, String> headers) {
        String name = headers.get(OsgiLogMapping.PLUGIN_NAME_HEADER);
        return name == null || name.isBlank() ? null : name.trim();
    }

    /**
     * Felix Log hands entries to listeners on a thread of its own, in order: once an entry logged
     * now comes through, so has every entry logged before it (what a plugin logged while a client
     * debugged it, which the client is to see before its command's end). Waits a bounded while.
     */
    private void awaitDelivered() {
        String id = Long.toString(barrierIds.incrementAndGet());
        CountDownLatch delivered = new CountDownLatch(1);
        barriers.put(id, delivered);
        try {
            own.audit(BARRIER + id);
            delivered.await(BARRIER_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            barriers.remove(id);
        }
    }

    /** Called by Felix Log on its own thread, one entry at a time (and on activation for the history). */
    @Override
    public void logged(LogEntry entry) {
        String m = entry.getMessage();
        if (m != null && m.startsWith(BARRIER) && getClass().getName().equals(entry.getLoggerName())) {
            CountDownLatch delivered = barriers.get(m.substring(BARRIER.length()));
            if (delivered != null) {
                delivered.countDown();
            }
            return;
        }
        Optional<Level> level = OsgiLogMapping.level(entry.getLogLevel().name(), entry.getLoggerName(), getClass().getName());
        Bundle bundle = entry.getBundle();
        String plugin = bundle == null ? null : pluginName(bundle.getHeaders(""));
        if (level.isEmpty() || !log.enabled(level.get(), plugin)) {
            return;
        }
        String message = entry.getMessage() == null ? "(no message)" : entry.getMessage();
        if (plugin != null) {
            log.about(plugin).log(level.get(), plugin, message, entry.getException());
        } else {
            log.log(level.get(), source(bundle), message, entry.getException());
        }
    }

    private static String source(Bundle bundle) {
        if (bundle == null) {
            return OsgiLogMapping.source(null, null, -1);
        }
        // the raw headers (locale ""): no localization lookup for every line; kept after uninstall
        Dictionary<String, String> headers = bundle.getHeaders("");
        return OsgiLogMapping.source(headers.get(OsgiLogMapping.PLUGIN_NAME_HEADER),
                OsgiLogMapping.symbolicName(headers.get(Constants.BUNDLE_SYMBOLICNAME)), bundle.getBundleId());
    }
}
