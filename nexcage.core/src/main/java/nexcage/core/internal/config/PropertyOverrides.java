package nexcage.core.internal.config;

import java.nio.file.Path;
import java.util.function.Function;

import nexcage.core.internal.daemon.DaemonLog;
import nexcage.core.internal.daemon.DaemonPaths;

/**
 * The plugin-file settings in force: a framework property ({@code -Dnexcage.KEY}, for tests and
 * one-off runs) overrides config.yaml's value, and relative paths of the file resolve against
 * {@code NEXCAGE_HOME}. OSGi-free: the properties come as a lookup.
 */
final class PropertyOverrides {
    private final Function<String, String> property;
    private final DaemonPaths paths;
    private final DaemonLog log;

    PropertyOverrides(Function<String, String> property, DaemonPaths paths, DaemonLog log) {
        this.property = property;
        this.paths = paths;
        this.log = log;
    }

    Path pluginDir(RuntimeSettings file) {
        String p = given("plugin_dir");
        if (p != null) {
            return Path.of(p);
        }
        return file.pluginDir() != null ? paths.home().resolve(file.pluginDir()) : paths.pluginDir();
    }

    boolean requireSignatures(RuntimeSettings file) {
        String p = given("require_signatures");
        return p != null ? Boolean.parseBoolean(p) : file.requireSignatures();
    }

    Path trustedCertsDir(RuntimeSettings file) {
        String p = given("trusted_certs_dir");
        if (p != null) {
            return Path.of(p);
        }
        return file.trustedCertsDir() != null ? paths.home().resolve(file.trustedCertsDir()) : paths.home().resolve("trusted");
    }

    /** The {@code -Dnexcage.KEY} framework property for one run, else the file's value. */
    long number(String key, long fromFile) {
        String p = given(key);
        if (p != null) {
            try {
                return Long.parseLong(p);
            } catch (NumberFormatException e) {
                log.warn("config", "nexcage." + key + "=" + p + " is not a whole number; using " + fromFile);
            }
        }
        return fromFile;
    }

    private String given(String key) {
        String p = property.apply("nexcage." + key);
        return p == null || p.isBlank() ? null : p.trim();
    }
}
