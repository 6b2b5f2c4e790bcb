package nexcage.core.internal.plugins;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import nexcage.core.internal.config.ConfigService;
import nexcage.core.internal.daemon.Daemon;

/**
 * What a plugin file is checked against (DESIGN §3): the runtime version, the size cap, and the
 * signature rules ({@code require_signatures} and the trusted certificates), which can change while
 * the daemon runs; then every installed plugin is verified again. The certificates that ship with
 * the runtime (framework property {@code nexcage.system_trusted_certs_dir}, the launcher's
 * {@code trusted} directory beside runtime.jar) are trusted for the files of the system plugin
 * directory only: they vouch for NexCage's own plugins, not for whatever a user drops in theirs.
 */
final class TrustSettings {
    private final ConfigService config;
    private final Daemon daemon;
    private final Path systemPluginDir;
    private final List<X509Certificate> systemCerts;
    /** The build's digests of the system plugins it verified (ShippedDigests), read once like the certificates. */
    private final ShippedDigests shipped;
    private String fingerprint;

    /** {@code properties} are the framework's: the system plugin directory and its certificates. */
    TrustSettings(ConfigService config, Daemon daemon, UnaryOperator<String> properties) {
        this.config = config;
        this.daemon = daemon;
        this.systemPluginDir = absolute(properties.apply("nexcage.system_plugin_dir"));
        this.systemCerts = systemCertificates(absolute(properties.apply("nexcage.system_trusted_certs_dir")));
        this.shipped = shippedDigests();
    }

    private ShippedDigests shippedDigests() {
        try {
            return ShippedDigests.beside(systemPluginDir, systemCerts);
        } catch (IOException e) {
            daemon.log().warn("plugins", "the system plugins' digests beside runtime.jar cannot be read (" + e.getMessage()
                    + "), so their signatures are checked in full; rebuild the runtime to write " + ShippedDigests.FILE_NAME + " again");
            return ShippedDigests.none();
        }
    }

    private static Path absolute(String property) {
        return property == null || property.isBlank() ? null : Path.of(property).toAbsolutePath().normalize();
    }

    /** Read once: they ship with the runtime and change only with it. */
    private List<X509Certificate> systemCertificates(Path dir) {
        if (dir == null || systemPluginDir == null) {
            return List.of();
        }
        try {
            List<X509Certificate> certs = JarSignatures.trustedCertificates(dir);
            if (certs.isEmpty()) {
                daemon.log().warn("plugins", "no certificate in " + dir + ", so NexCage's own plugins in " + systemPluginDir
                        + " count as unsigned; rebuild the runtime, which writes nexcage-release.pem there");
            }
            return List.copyOf(certs);
        } catch (IOException e) {
            daemon.log().error("plugins", e.getMessage());
            return List.of();
        }
    }

    /** A checker with the settings and certificates in force now. */
    PluginFileChecker checker() {
        List<X509Certificate> trusted;
        try {
            trusted = JarSignatures.trustedCertificates(config.trustedCertsDir());
        } catch (IOException e) {
            daemon.log().error("plugins", e.getMessage());
            trusted = List.of();
        }
        return new PluginFileChecker(daemon.runtimeVersion(), config.requireSignatures(), trustedFor(trusted), config.maxPluginSizeBytes(),
                config.maxPluginInflatedBytes(), config.maxPluginEntries(), daemon.paths().pluginCopies()).shipped(this::vouched);
    }

    /** The build's verdict on a file of the system plugin directory whose bytes it verified, else null (checked in full). */
    JarSignatures.Result vouched(Path file, String sha256) {
        return inSystemDir(file) ? shipped.vouched(sha256) : null;
    }

    /** The user's certificates for every file; for a file of the system plugin directory the runtime's too. */
    Function<Path, List<X509Certificate>> trustedFor(List<X509Certificate> user) {
        if (systemCerts.isEmpty()) {
            return file -> user;
        }
        List<X509Certificate> both = new ArrayList<>(user);
        both.addAll(systemCerts);
        List<X509Certificate> forSystem = List.copyOf(both);
        return file -> inSystemDir(file) ? forSystem : user;
    }

    /** Directly in the system plugin directory (where the deployer finds NexCage's own plugins), not below it. */
    private boolean inSystemDir(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return systemPluginDir != null && systemPluginDir.equals(parent);
    }

    /** True when the signature setting, the certificates or the audit mode changed since the last call (never on the first). */
    boolean changed() {
        String now = fingerprint();
        boolean first = fingerprint == null;
        boolean changed = !now.equals(fingerprint);
        fingerprint = now;
        return changed && !first;
    }

    /** What decides a check: the signature and audit settings and the trusted certificates' names, times and sizes. */
    private String fingerprint() {
        StringBuilder b = new StringBuilder().append(config.requireSignatures()).append(config.runtime().security().audit());
        Path dir = config.trustedCertsDir();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                List<String> entries = new ArrayList<>();
                for (Path p : ds) {
                    entries.add(p.getFileName() + "@" + Files.getLastModifiedTime(p).toMillis() + "/" + Files.size(p));
                }
                entries.sort(null);
                b.append(entries);
            } catch (IOException e) {
                b.append("unreadable");
            }
        }
        return b.toString();
    }
}
