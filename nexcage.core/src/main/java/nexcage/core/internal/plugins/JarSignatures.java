package nexcage.core.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.CertPath;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Checks a plugin JAR's signature with the JDK's own verification ({@code JarFile(file, true)},
 * every entry read to the end), closing the known holes: unsigned entries beside signed ones,
 * entries named in the manifest but deleted from the JAR, and signers outside the trusted
 * certificates.
 */
final class JarSignatures {

    /** What the signature check found: signed or not, by whom, and what is wrong (null if nothing). */
    record Result(boolean signed, String signer, boolean trusted, String problem) {
    }

    private JarSignatures() {
    }

    /** Loads the X.509 certificates ({@code *.pem}, {@code *.crt}, {@code *.cer}) of a directory. */
    static List<X509Certificate> trustedCertificates(Path dir) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return certs;
        }
        CertificateFactory cf;
        try {
            cf = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IOException(e);
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!(n.endsWith(".pem") || n.endsWith(".crt") || n.endsWith(".cer"))) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(p)) {
                    for (Certificate c : cf.generateCertificates(in)) {
                        certs.add((X509Certificate) c);
                    }
                } catch (CertificateException e) {
                    throw new IOException("trusted certificate " + p + " cannot be read: " + e.getMessage()
                            + "; put PEM-encoded X.509 certificates there", e);
                }
            }
        }
        return certs;
    }

    static Result verify(Path file, List<X509Certificate> trusted) throws IOException {
        // Without a signature block file nothing in the JAR can be signed: no need to read every entry.
        if (!hasSignatureBlock(file)) {
            return new Result(false, null, false, null);
        }
        Signers seen = new Signers(trusted);
        Set<String> present = new HashSet<>();
        try (JarFile jar = new JarFile(file.toFile(), true)) {
            byte[] buf = new byte[8192];
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                present.add(e.getName());
                // reading to the end is what makes JarFile check the digest and fill in the signers
                try (InputStream in = jar.getInputStream(e)) {
                    while (in.read(buf) >= 0) {
                        // drain
                    }
                } catch (SecurityException se) {
                    return new Result(true, seen.signer, false, "the signature does not match entry " + e.getName()
                            + " (" + se.getMessage() + "): the file was changed after signing; rebuild and sign it again");
                }
                if (!e.isDirectory() && !isSignatureFile(e.getName())) {
                    seen.add(e);
                }
            }
            if (!seen.anySigned) {
                return new Result(false, null, false, null);
            }
            if (seen.unsignedEntry != null) {
                return new Result(true, seen.signer, false, "entry " + seen.unsignedEntry
                        + " is not signed while others are; sign the whole JAR again");
            }
            String removed = removedSignedEntry(jar.getManifest(), present);
            if (removed != null) {
                return new Result(true, seen.signer, false, "signed entry " + removed
                        + " was removed from the JAR after signing; rebuild and sign it again");
            }
        } catch (SecurityException e) {
            return new Result(true, seen.signer, false, "the signature is invalid (" + e.getMessage() + "); sign the JAR again");
        }
        return new Result(true, seen.signer, seen.allTrusted, seen.allTrusted ? null
                : "signer " + seen.signer + " is not trusted; add its certificate to the trusted certificates directory");
    }

    private static boolean hasSignatureBlock(Path file) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            return zip.stream().map(e -> e.getName().toUpperCase(Locale.ROOT)).anyMatch(JarSignatures::isSignatureBlock);
        }
    }

    /** An entry the manifest has a digest for but the JAR no longer holds (JarFile does not notice those), or null. */
    private static String removedSignedEntry(Manifest mf, Set<String> present) {
        if (mf == null) {
            return null;
        }
        for (Map.Entry<String, Attributes> e : mf.getEntries().entrySet()) {
            boolean hasDigest = e.getValue().keySet().stream().anyMatch(k -> k.toString().toUpperCase(Locale.ROOT).endsWith("-DIGEST"));
            if (hasDigest && !present.contains(e.getKey())) {
                return e.getKey();
            }
        }
        return null;
    }

    /** What the entries read so far say about their signers. */
    private static final class Signers {
        private final List<X509Certificate> trusted;
        boolean anySigned;
        boolean allTrusted = true;
        String signer;
        String unsignedEntry;

        Signers(List<X509Certificate> trusted) {
            this.trusted = trusted;
        }

        void add(JarEntry e) {
            CodeSigner[] signers = e.getCodeSigners();
            if (signers == null || signers.length == 0) {
                if (unsignedEntry == null) {
                    unsignedEntry = e.getName();
                }
                return;
            }
            anySigned = true;
            boolean entryTrusted = false;
            for (CodeSigner s : signers) {
                CertPath path = s.getSignerCertPath();
                signer = ((X509Certificate) path.getCertificates().get(0)).getSubjectX500Principal().getName();
                entryTrusted |= chainEndsInTrusted(path, trusted);
            }
            allTrusted &= entryTrusted;
        }
    }

    private static boolean isSignatureFile(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.equals("META-INF/MANIFEST.MF")) {
            return true;
        }
        return isSignatureBlock(n) || n.startsWith("META-INF/SIG-") && n.indexOf('/', "META-INF/".length()) < 0;
    }

    /** A signature file or block directly under META-INF ({@code .SF}, {@code .RSA}, {@code .DSA}, {@code .EC}); n in upper case. */
    private static boolean isSignatureBlock(String n) {
        return n.startsWith("META-INF/") && n.indexOf('/', "META-INF/".length()) < 0
                && (n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA") || n.endsWith(".EC"));
    }

    private static boolean linksVerify(List<? extends Certificate> chain, int upTo) {
        for (int k = 0; k < upTo; k++) {
            try {
                chain.get(k).verify(chain.get(k + 1).getPublicKey());
            } catch (Exception e) {
                return false;
            }
        }
        return true;
    }

    private static boolean chainEndsInTrusted(CertPath path, List<X509Certificate> trusted) {
        List<? extends Certificate> chain = path.getCertificates();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = (X509Certificate) chain.get(i);
            for (X509Certificate t : trusted) {
                if (c.equals(t)) {
                    // a trusted certificate merely included in the chain proves nothing: each link must be signed by the next
                    return linksVerify(chain, i);
                }
                // the chain's last certificate may be issued by a trusted one that is not in the chain
                if (i == chain.size() - 1 && c.getIssuerX500Principal().equals(t.getSubjectX500Principal())) {
                    try {
                        c.verify(t.getPublicKey());
                        return linksVerify(chain, i);
                    } catch (Exception notSignedByIt) {
                        // try the next trusted certificate
                    }
                }
            }
        }
        return false;
    }
}
