package nexcage.core.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

import org.osgi.framework.Version;

import nexcage.api.PluginHeaders;
import nexcage.api.PluginMetadata;
import nexcage.api.validation.Validation;

/**
 * Everything NexCage checks about a plugin file before anything is installed (DESIGN §2–§3): a
 * regular file within the size cap, a complete zip with a manifest, an OSGi bundle, valid NexCage
 * headers, and a signature that is valid (always) and trusted (when signatures are required).
 */
final class PluginFileChecker {

    /** The outcome for one file: metadata when its headers are valid, and every problem found. */
    record Checked(Path file, PluginMetadata metadata, String listedName, String version, List<String> problems,
            List<String> warnings, JarSignatures.Result signature, String sha256, boolean incomplete) {

        boolean ok() {
            return problems.isEmpty();
        }

        String reason() {
            return String.join("; ", problems);
        }

        String fileName() {
            return file.getFileName().toString();
        }
    }

    private final Version runtime;
    private final boolean requireSignatures;
    /** The certificates trusted for a file: the runtime's own count only in the system plugin directory (TrustSettings). */
    private final Function<Path, List<X509Certificate>> trusted;
    private final long maxBytes;

    PluginFileChecker(Version runtime, boolean requireSignatures, Function<Path, List<X509Certificate>> trusted, long maxBytes) {
        this.runtime = runtime;
        this.requireSignatures = requireSignatures;
        this.trusted = trusted;
        this.maxBytes = maxBytes;
    }

    Checked check(Path file) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String fileName = file.getFileName().toString();
        long size;
        try {
            if (!Files.isRegularFile(file)) {
                problems.add("is not a regular file; put the plugin JAR itself in the plugin directory");
                return new Checked(file, null, fileName, "", problems, warnings, null, null, false);
            }
            size = Files.size(file);
        } catch (IOException e) {
            problems.add("cannot be read: " + e.getMessage());
            return new Checked(file, null, fileName, "", problems, warnings, null, null, false);
        }
        if (size > maxBytes) {
            problems.add("is " + String.format(java.util.Locale.ROOT, "%.1f", size / (1024.0 * 1024.0)) + " MB (" + size
                    + " bytes), over the limit of " + (maxBytes / (1024 * 1024))
                    + " MB (runtime.max_plugin_size_mb); shrink the plugin or raise the limit");
            return new Checked(file, null, fileName, "", problems, warnings, null, null, false);
        }
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            manifest = jar.getManifest();
        } catch (ZipException e) {
            problems.add("is not a zip file (" + e.getMessage() + "); a plugin is a bundle JAR, rebuild it");
            return new Checked(file, null, fileName, "", problems, warnings, null, null, true);
        } catch (NoSuchFileException e) {
            problems.add("disappeared while it was being read");
            return new Checked(file, null, fileName, "", problems, warnings, null, null, true);
        } catch (IOException e) {
            problems.add("cannot be read: " + e.getMessage());
            return new Checked(file, null, fileName, "", problems, warnings, null, null, false);
        }
        if (manifest == null) {
            problems.add("has no META-INF/MANIFEST.MF; a plugin is a bundle JAR with NexCage headers");
            return new Checked(file, null, fileName, "", problems, warnings, null, null, false);
        }
        Attributes main = manifest.getMainAttributes();
        String name = main.getValue(PluginHeaders.NAME);
        String listed = name != null && validName(name) ? name.trim() : fileName;
        String version = main.getValue("Bundle-Version") == null ? "" : main.getValue("Bundle-Version").trim();
        bundleHeaders(main, problems);
        // the headers are parsed here once; the registry takes this metadata over when the file is installed
        PluginManifest.Checked headers = PluginManifest.check(main::getValue, runtime);
        problems.addAll(headers.problems());
        PluginMetadata metadata = problems.isEmpty() ? headers.metadata() : null;
        if (main.getValue("Bundle-Activator") != null) {
            warnings.add("Bundle-Activator " + main.getValue("Bundle-Activator")
                    + " runs under the bundle's lock; do the plugin's work in PluginLifecycle.init instead");
        }
        JarSignatures.Result sig;
        try {
            sig = JarSignatures.verify(file, trusted.apply(file));
        } catch (IOException e) {
            problems.add("cannot be read to check its signature: " + e.getMessage());
            return new Checked(file, metadata, listed, version, problems, warnings, null, null, false);
        }
        judge(sig, problems, warnings);
        if (!problems.isEmpty()) {
            metadata = null;
        }
        return new Checked(file, metadata, listed, version, problems, warnings, sig, sha256(file), false);
    }

    /** A plugin is an OSGi bundle first: bnd writes these two. */
    private static void bundleHeaders(Attributes main, List<String> problems) {
        if (main.getValue("Bundle-SymbolicName") == null) {
            problems.add("Bundle-SymbolicName is missing: the file is a JAR but not an OSGi bundle; build it with bnd");
        }
        if (main.getValue("Bundle-ManifestVersion") != null && !"2".equals(main.getValue("Bundle-ManifestVersion").trim())) {
            problems.add("Bundle-ManifestVersion: '" + main.getValue("Bundle-ManifestVersion") + "' is not 2; build it with bnd");
        }
    }

    /** An invalid signature is refused always; a missing or untrusted one only when signatures are required. */
    private void judge(JarSignatures.Result sig, List<String> problems, List<String> warnings) {
        if (sig.signed() && sig.problem() != null && !(sig.problem().startsWith("signer ") && !requireSignatures)) {
            problems.add(sig.problem());
        } else if (!sig.signed() && requireSignatures) {
            problems.add("is not signed, and runtime.require_signatures is true; sign it with jarsigner using a key whose "
                    + "certificate is in the trusted certificates directory");
        } else if (sig.signed() && !sig.trusted()) {
            warnings.add("signed by " + sig.signer() + ", who is not in the trusted certificates");
        }
    }

    private static boolean validName(String name) {
        try {
            Validation.pluginName(name.trim());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }
}
