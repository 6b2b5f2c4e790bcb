package nexcage.core.internal.plugins;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import nexcage.core.internal.config.ConfigService;
import nexcage.core.internal.daemon.Daemon;

/**
 * What a plugin file is checked against (DESIGN §3): the runtime version, the size cap, and the
 * signature rules ({@code require_signatures} and the trusted certificates), which can change while
 * the daemon runs; then every installed plugin is verified again.
 */
final class TrustSettings {
    private final ConfigService config;
    private final Daemon daemon;
    private String fingerprint;

    TrustSettings(ConfigService config, Daemon daemon) {
        this.config = config;
        this.daemon = daemon;
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
        return new PluginFileChecker(daemon.runtimeVersion(), config.requireSignatures(), trusted, config.maxPluginSizeBytes(),
                config.maxPluginInflatedBytes(), config.maxPluginEntries(), daemon.paths().pluginCopies());
    }

    /** True when the signature setting or the certificates changed since the last call (never on the first). */
    boolean changed() {
        String now = fingerprint();
        boolean first = fingerprint == null;
        boolean changed = !now.equals(fingerprint);
        fingerprint = now;
        return changed && !first;
    }

    /** What decides a signature check: the setting and the trusted certificates' names, times and sizes. */
    private String fingerprint() {
        StringBuilder b = new StringBuilder().append(config.requireSignatures());
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
