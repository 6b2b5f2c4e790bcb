package nexcage.http.internal.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code runtime.api.tls.cert} and {@code tls.key} (PEM) made into the PKCS#12 keystore Felix
 * Jetty serves HTTPS from ({@code $NEXCAGE_STATE/api-tls.p12}, mode 0600, its password made per
 * start and kept in memory). The key must be PKCS#8 ({@code BEGIN PRIVATE KEY}, what {@code
 * openssl req -newkey} writes); RSA, EC and EdDSA keys are read.
 */
public final class PemKeyStore {
    public static final String NAME = "api-tls.p12";
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

    /** Why the files cannot be served, as one sentence naming the setting and the fix. */
    public static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private PemKeyStore() {
    }

    public static Path write(Path cert, Path key, Path out, char[] password) throws Unusable {
        List<Certificate> chain = certificates(cert);
        PrivateKey privateKey = privateKey(key);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("nexcage-api", privateKey, password, chain.toArray(new Certificate[0]));
            Files.createDirectories(out.getParent());
            Files.deleteIfExists(out);
            Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream o = Files.newOutputStream(out)) {
                ks.store(o, password);
            }
            return out;
        } catch (IOException | GeneralSecurityException e) {
            throw new Unusable("runtime.api.tls: cannot write the keystore " + out + " (" + e.getMessage()
                    + "); check that the state directory is writable", e);
        }
    }

    static List<Certificate> certificates(Path cert) throws Unusable {
        List<Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (String[] b : blocks(cert, "runtime.api.tls.cert")) {
                if (b[0].equals("CERTIFICATE")) {
                    out.add(cf.generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(b[1]))));
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Unusable("runtime.api.tls.cert " + cert + " holds a certificate that cannot be read (" + e.getMessage()
                    + "); give a PEM certificate chain", e);
        }
        if (out.isEmpty()) {
            throw new Unusable("runtime.api.tls.cert " + cert + " holds no PEM certificate (BEGIN CERTIFICATE); give the server's certificate chain", null);
        }
        return out;
    }

    static PrivateKey privateKey(Path key) throws Unusable {
        for (String[] b : blocks(key, "runtime.api.tls.key")) {
            if (b[0].equals("PRIVATE KEY")) {
                PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(b[1]));
                for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448")) {
                    try {
                        return KeyFactory.getInstance(alg).generatePrivate(spec);
                    } catch (GeneralSecurityException e) {
                        // not this algorithm: try the next
                    }
                }
                throw new Unusable("runtime.api.tls.key " + key + " holds a private key of an algorithm Java cannot read; use an RSA, EC or Ed25519 key", null);
            }
            if (b[0].endsWith("PRIVATE KEY")) {
                throw new Unusable("runtime.api.tls.key " + key + " is a " + b[0] + " (not PKCS#8); convert it with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in " + key + " -out KEY.pem' and point tls.key at KEY.pem", null);
            }
        }
        throw new Unusable("runtime.api.tls.key " + key + " holds no PEM private key (BEGIN PRIVATE KEY); give the certificate's unencrypted PKCS#8 key", null);
    }

    private static List<String[]> blocks(Path file, String setting) throws Unusable {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new Unusable(setting + " " + file + " does not exist; fix the path and run 'nexcage config reload'", e);
        } catch (IOException e) {
            throw new Unusable(setting + " " + file + " cannot be read (" + e.getMessage() + "); check its permissions", e);
        }
        List<String[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }
}
