package nexcage.core.internal.plugins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The SHA-256 of each system plugin file whose signature the build verified, written by the build
 * into {@value #FILE_NAME} beside runtime.jar (DESIGN §3, issue 22). A file of the system plugin
 * directory whose checked copy has a listed digest is those very bytes, so the daemon takes the
 * build's verdict (signed, trusted, by whom) instead of reading every entry of the Docker backend's
 * 6.8 MB again at each first start of a state directory. Any other digest is checked in full. The
 * list is honoured only while the shipped certificates are the ones the build verified against.
 */
public final class ShippedDigests {
    /** Beside runtime.jar, i.e. beside the system plugin directory. */
    public static final String FILE_NAME = "system-plugins.sha256";
    private static final String CERTIFICATES = "# certificates ";

    private static final ShippedDigests NONE = new ShippedDigests(Map.of());

    /** Digest of a file's bytes → who signed them (the build found the signature valid and trusted). */
    private final Map<String, String> signers;

    private ShippedDigests(Map<String, String> signers) {
        this.signers = signers;
    }

    static ShippedDigests none() {
        return NONE;
    }

    /**
     * The list beside {@code systemPluginDir}, if there is one and it was made against exactly
     * {@code systemCerts}; else none (every file is then checked in full, as before).
     */
    static ShippedDigests beside(Path systemPluginDir, List<X509Certificate> systemCerts) throws IOException {
        Path file = systemPluginDir == null || systemPluginDir.getParent() == null ? null : systemPluginDir.getParent().resolve(FILE_NAME);
        if (file == null || !Files.isRegularFile(file) || systemCerts.isEmpty()) {
            return NONE;
        }
        Map<String, String> signers = new HashMap<>();
        String certificates = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith(CERTIFICATES)) {
                certificates = line.substring(CERTIFICATES.length()).strip();
            } else if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.split("\t", 3);
                if (f.length == 3 && f[0].matches("[0-9a-f]{64}") && !f[2].isBlank()) {
                    signers.put(f[0], f[2]);
                }
            }
        }
        return fingerprints(systemCerts).equals(certificates) ? new ShippedDigests(Map.copyOf(signers)) : NONE;
    }

    /** The build's verdict on the bytes with this digest, or null when it did not verify them. */
    JarSignatures.Result vouched(String sha256) {
        String signer = sha256 == null ? null : signers.get(sha256);
        return signer == null ? null : new JarSignatures.Result(true, signer, true, null);
    }

    boolean isEmpty() {
        return signers.isEmpty();
    }

    /** The certificates' SHA-256 fingerprints, sorted and comma-separated. */
    static String fingerprints(List<X509Certificate> certs) {
        TreeSet<String> out = new TreeSet<>();
        for (X509Certificate c : certs) {
            try {
                out.add(sha256(c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate " + c.getSubjectX500Principal() + " cannot be encoded", e);
            }
        }
        return String.join(",", out);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the build's side (runtime.pom.xml, after the system plugins are signed)

    /** Arguments: the system plugin directory, the trusted certificate directory, the list to write. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ShippedDigests PLUGIN_DIR TRUSTED_DIR OUT_FILE");
            System.exit(2);
        }
        try {
            for (String line : write(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]))) {
                System.out.println("verified " + line);
            }
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Verifies every {@code *.nexcage-plugin} of {@code pluginDir} in full against the certificates
     * of {@code trustedDir} and writes their digests; a file that does not pass fails the build.
     */
    static List<String> write(Path pluginDir, Path trustedDir, Path out) throws IOException {
        List<X509Certificate> trusted = JarSignatures.trustedCertificates(trustedDir);
        if (trusted.isEmpty()) {
            throw new IllegalStateException("no certificate in " + trustedDir + "; sign the system plugins and export the certificate first");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(pluginDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".nexcage-plugin")).sorted().toList();
        }
        List<String> lines = new ArrayList<>();
        lines.add("# SHA-256, file, signer of the system plugins as the build verified them (DESIGN §3); written by the build");
        lines.add(CERTIFICATES + fingerprints(trusted));
        for (Path f : files) {
            JarSignatures.Result r = JarSignatures.verify(f, trusted);
            if (!r.trusted() || r.problem() != null) {
                throw new IllegalStateException("system plugin " + f + " does not pass its signature check ("
                        + (r.signed() ? r.problem() : "not signed") + "); sign it with the key whose certificate is in " + trustedDir);
            }
            lines.add(PluginFileChecker.sha256(f) + "\t" + f.getFileName() + "\t" + r.signer());
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return lines.subList(2, lines.size());
    }
}
