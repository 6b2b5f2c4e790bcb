package nexcage.core.internal.daemon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

import nexcage.core.internal.daemon.DaemonLog.Level;

/**
 * What the OSGi log bridge does with one entry of the OSGi log, decided from plain values (the
 * names of OSGi's {@code LogLevel}s and loggers) so that it is tested without a framework.
 */
final class OsgiLogMapping {
    /** The header that names a plugin; a bundle without it is named by its symbolic name. */
    static final String PLUGIN_NAME_HEADER = "NexCage-Plugin-Name";
    /** The source of an entry that names no bundle. */
    static final String NO_BUNDLE = "osgi";

    /** Felix Log turns every framework, bundle and service event into an entry under these loggers. */
    private static final String FRAMEWORK_EVENTS = "Events.Framework";
    private static final String BUNDLE_EVENTS = "Events.Bundle";
    private static final String SERVICE_EVENTS = "Events.Service";

    private OsgiLogMapping() {
    }

    /** The source of a line: the plugin's name, else the bundle's symbolic name, else its id. */
    static String source(String pluginName, String symbolicName, long bundleId) {
        if (pluginName != null && !pluginName.isBlank()) {
            return pluginName.trim();
        }
        if (symbolicName != null && !symbolicName.isBlank()) {
            return symbolicName.trim();
        }
        return bundleId < 0 ? NO_BUNDLE : "bundle " + bundleId;
    }

    /** A bundle's symbolic name without its directives ({@code a.b;singleton:=true} is {@code a.b}). */
    static String symbolicName(String header) {
        if (header == null) {
            return null;
        }
        int semicolon = header.indexOf(';');
        return semicolon < 0 ? header : header.substring(0, semicolon);
    }

    /**
     * The daemon log's level for an entry, or empty to drop it. Bundle and service events (one
     * per registration) are dropped, and so are framework events but warnings and errors: at
     * INFO they would bury what the plugins say. The logger {@code own} (the bridge's) is dropped
     * too, so that nothing the bridge might log could come back to it.
     */
    static Optional<Level> level(String osgiLevel, String loggerName, String own) {
        String logger = loggerName == null ? "" : loggerName;
        if (logger.equals(own)) {
            return Optional.empty();
        }
        Optional<Level> level = daemonLevel(osgiLevel);
        boolean event = isUnder(logger, FRAMEWORK_EVENTS) || isUnder(logger, BUNDLE_EVENTS) || isUnder(logger, SERVICE_EVENTS);
        if (event && level.filter(l -> l == Level.ERROR || l == Level.WARN).isEmpty()) {
            return Optional.empty();
        }
        return level;
    }

    /** OSGi's six levels on the daemon's five: AUDIT (always logged) shows as INFO. */
    static Optional<Level> daemonLevel(String osgiLevel) {
        if (osgiLevel == null) {
            return Optional.empty();
        }
        switch (osgiLevel) {
            case "AUDIT":
            case "INFO":
                return Optional.of(Level.INFO);
            case "ERROR":
                return Optional.of(Level.ERROR);
            case "WARN":
                return Optional.of(Level.WARN);
            case "DEBUG":
                return Optional.of(Level.DEBUG);
            case "TRACE":
                return Optional.of(Level.TRACE);
            default:
                return Optional.empty();
        }
    }

    /**
     * The levels (logger name to the name of an OSGi {@code LogLevel}) the bridge gives the OSGi
     * root logger context: every logger at the daemon's threshold, so a plugin's logger does not
     * even build the lines the daemon would drop; bundle and service events at WARN, so they
     * are not built at INFO or DEBUG either.
     */
    static Map<String, String> rootLevels(Level threshold, String rootLoggerName) {
        Map<String, String> levels = new LinkedHashMap<>();
        levels.put(rootLoggerName, threshold.name());
        levels.put(BUNDLE_EVENTS, Level.WARN.name());
        levels.put(SERVICE_EVENTS, Level.WARN.name());
        levels.put(FRAMEWORK_EVENTS, Level.WARN.name());
        return levels;
    }

    /**
     * Of the OSGi log's history (newest first, as {@code LogReaderService.getLog} gives it), the
     * entries made before {@code since}, oldest first: what was logged before the bridge listened
     * (an error of a component activated before it, say); later ones reach the listener itself.
     */
    static <E> List<E> before(List<E> newestFirst, ToLongFunction<E> time, long since) {
        List<E> out = new ArrayList<>();
        for (E e : newestFirst) {
            if (time.applyAsLong(e) < since) {
                out.add(e);
            }
        }
        Collections.reverse(out);
        return out;
    }

    private static boolean isUnder(String logger, String parent) {
        return logger.equals(parent) || logger.startsWith(parent + ".");
    }
}
