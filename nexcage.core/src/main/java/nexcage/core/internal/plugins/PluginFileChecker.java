package nexcage.core.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
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
 * headers, a signature that is valid (always) and trusted (when signatures are required), and
 * under {@code runtime.security.audit} its bytecode ({@link InstallAudit}).
 */
final class PluginFileChecker {

    /**
     * The outcome for one file: metadata when its headers are valid, and every problem found.
     * {@code copy} is the private copy in {@code $NEXCAGE_STATE/plugins} whose bytes were checked
     * ({@code sha256} is its digest): what is installed is that copy, never the file again.
     */
    record Checked(Path file, PluginMetadata metadata, String listedName, String version, List<String> problems,
            List<String> warnings, JarSignatures.Result signature, String sha256, boolean incomplete, Path copy) {

        Checked(Path file, PluginMetadata metadata, String listedName, String version, List<String> problems, List<String> warnings,
                JarSignatures.Result signature, String sha256, boolean incomplete) {
            this(file, metadata, listedName, version, problems, warnings, signature, sha256, incomplete, null);
        }

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

    /** The bytes that are checked: a private copy and its digest. */
    private record Copy(Path path, String sha256) {
    }

    private final Version runtime;
    private final boolean requireSignatures;
    /** The certificates trusted for a file: the runtime's own count only in the system plugin directory (TrustSettings). */
    private final Function<Path, List<X509Certificate>> trusted;
    private final long maxBytes;
    private final long maxInflated;
    private final long maxEntries;
    private final Path copies;
    /** A test seam: runs between the copy and its checks (the window in which the file may be swapped). */
    private Runnable afterCopy = () -> {
    };
    private InstallAudit audit = InstallAudit.OFF;
    /** The build's verdict on a system plugin's bytes, by file and digest (TrustSettings, ShippedDigests); null: check in full. */
    private BiFunction<Path, String, JarSignatures.Result> shipped = (file, sha256) -> null;

    /**
     * @param copies where the checked copies go ({@code $NEXCAGE_STATE/plugins}, private to the daemon)
     */
    PluginFileChecker(Version runtime, boolean requireSignatures, Function<Path, List<X509Certificate>> trusted, long maxBytes, long maxInflated,
            long maxEntries, Path copies) {
        this.runtime = runtime;
        this.requireSignatures = requireSignatures;
        this.trusted = trusted;
        this.maxBytes = maxBytes;
        this.maxInflated = maxInflated;
        this.maxEntries = maxEntries;
        this.copies = copies;
    }

    PluginFileChecker afterCopy(Runnable hook) {
        this.afterCopy = hook;
        return this;
    }

    /** The bytecode audit a valid file gets last ({@code runtime.security.audit}); none by default. */
    PluginFileChecker audit(InstallAudit a) {
        this.audit = a;
        return this;
    }

    /** Where the build vouches for a system plugin's bytes (ShippedDigests); a file it does not vouch for is checked in full. */
    PluginFileChecker shipped(BiFunction<Path, String, JarSignatures.Result> vouched) {
        this.shipped = vouched;
        return this;
    }

    /**
     * Copies the file (within the size cap), then checks only the copy: the zip caps, the
     * manifest and headers, the signature. The file itself is read once, by the copy.
     */
    Checked check(Path file) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String fileName = file.getFileName().toString();
        Copy copy;
        try {
            // a stat, never an open: opening a FIFO for reading would block until someone writes to it
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                problems.add(a.isDirectory() ? "is a directory, not a plugin file; put the plugin JAR itself in the plugin directory"
                        : "is not a regular file (a FIFO, socket or device); put the plugin JAR itself in the plugin directory");
                return new Checked(file, null, fileName, "", problems, warnings, null, null, false);
            }
            if (a.size() > maxBytes) {
                problems.add(tooLarge(a.size()));
                return new Checked(file, null, fileName, "", problems, warnings, null, null, false);
            }
            symlink(file, warnings);
            copy = copy(file);
        } catch (NoSuchFileException e) {
            problems.add("disappeared while it was being read");
            return new Checked(file, null, fileName, "", problems, warnings, null, null, true);
        } catch (TooLarge e) {
            problems.add(tooLarge(e.size));
            return new Checked(file, null, fileName, "", problems, warnings, null, null, false);
        } catch (IOException e) {
            problems.add("cannot be read: " + e.getMessage());
            return new Checked(file, null, fileName, "", problems, warnings, null, null, false);
        }
        afterCopy.run();
        return checkCopy(file, copy, problems, warnings);
    }

    private Checked checkCopy(Path file, Copy copy, List<String> problems, List<String> warnings) {
        String fileName = file.getFileName().toString();
        Path bytes = copy.path();
        // the build's verdict when it verified exactly these bytes (the copy's digest, taken while copying, is listed)
        JarSignatures.Result vouched = shipped.apply(file, copy.sha256());
        Manifest manifest;
        try {
            String bomb = ZipLimits.check(bytes, maxInflated, maxEntries, vouched != null);
            if (bomb != null) {
                problems.add(bomb);
                return new Checked(file, null, fileName, "", problems, warnings, null, copy.sha256(), false, bytes);
            }
            try (JarFile jar = new JarFile(bytes.toFile(), false)) {
                manifest = jar.getManifest();
            }
        } catch (ZipException e) {
            problems.add("is not a zip file (" + e.getMessage() + "); a plugin is a bundle JAR, rebuild it");
            return new Checked(file, null, fileName, "", problems, warnings, null, copy.sha256(), true, bytes);
        } catch (IOException e) {
            problems.add("cannot be read: " + e.getMessage());
            return new Checked(file, null, fileName, "", problems, warnings, null, copy.sha256(), false, bytes);
        }
        if (manifest == null) {
            problems.add("has no META-INF/MANIFEST.MF; a plugin is a bundle JAR with NexCage headers");
            return new Checked(file, null, fileName, "", problems, warnings, null, copy.sha256(), false, bytes);
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
            // trust follows the file in the plugin directory (the system directory trusts the shipped key), not its copy
            sig = vouched != null ? vouched : JarSignatures.verify(bytes, trusted.apply(file));
        } catch (IOException e) {
            problems.add("cannot be read to check its signature: " + e.getMessage());
            return new Checked(file, metadata, listed, version, problems, warnings, null, copy.sha256(), false, bytes);
        }
        judge(sig, problems, warnings);
        if (problems.isEmpty()) {
            // last, on the check thread: only a file that is otherwise fine is worth reading class by class
            audit.check(bytes, listed, sig.trusted(), problems, warnings);
        }
        if (!problems.isEmpty()) {
            metadata = null;
        }
        return new Checked(file, metadata, listed, version, problems, warnings, sig, copy.sha256(), false, bytes);
    }

    private String tooLarge(long size) {
        return "is " + String.format(java.util.Locale.ROOT, "%.1f", size / (1024.0 * 1024.0)) + " MB (" + size
                + " bytes), over the limit of " + (maxBytes / (1024 * 1024))
                + " MB (runtime.max_plugin_size_mb); shrink the plugin or raise the limit";
    }

    /** The file grew over the size cap while it was being copied. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        final long size;

        TooLarge(long size) {
            super("over the size cap");
            this.size = size;
        }
    }

    /**
     * Reads the file once, into a private copy named by its digest: the checks and the install use
     * that copy, so a file swapped after this point changes nothing that was verified (issue 21).
     */
    private Copy copy(Path file) throws IOException {
        Files.createDirectories(copies);
        Path tmp = Files.createTempFile(copies, ".incoming-", ".tmp");
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long total = 0;
            try (InputStream in = Files.newInputStream(file); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    if (total > maxBytes) {
                        throw new TooLarge(total);
                    }
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            String sha = HexFormat.of().formatHex(md.digest());
            Path copy = copies.resolve(VERIFIED_PREFIX + sha + ".jar");
            Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Copy(copy, sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** How checked copies are named in {@code $NEXCAGE_STATE/plugins}: {@code .checked-SHA256.jar}. */
    static final String VERIFIED_PREFIX = ".checked-";

    /**
     * A symbolic link is followed (DESIGN §3: an administrator may link a plugin in from a package
     * directory), but one that leads out of the plugin directory is said, as it is not obvious.
     */
    private static void symlink(Path file, List<String> warnings) throws IOException {
        if (!Files.isSymbolicLink(file)) {
            return;
        }
        Path target = file.toRealPath();
        Path dir = file.toAbsolutePath().getParent().toRealPath();
        if (!target.startsWith(dir)) {
            warnings.add("is a symbolic link to " + target + ", outside the plugin directory; NexCage follows it, "
                    + "so whoever can write " + target + " decides this plugin's code");
        }
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

    /**
     * Null when {@code file} is within the size and zip-bomb caps a plugin file must keep, else why
     * not: what {@code plugin audit FILE} asks before the audit reads a file nothing has checked.
     */
    String capsRefusal(Path file) {
        try {
            long size = java.nio.file.Files.size(file);
            if (size > maxBytes) {
                return tooLarge(size);
            }
            return ZipLimits.check(file, maxInflated, maxEntries);
        } catch (java.util.zip.ZipException e) {
            return "is not a zip file (" + e.getMessage() + "); a plugin is a bundle JAR, rebuild it";
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
    }

    /**
     * True when {@code file} is validly signed, every entry by a certificate trusted for files at
     * {@code location} (a plugin directory's trust: the system directory also trusts the runtime's key).
     */
    boolean signedByTrusted(Path file, Path location) {
        try {
            return JarSignatures.verify(file, trusted.apply(location)).trusted();
        } catch (IOException e) {
            return false;
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
