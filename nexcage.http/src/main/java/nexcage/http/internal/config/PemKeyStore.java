package nexcage.http.internal.config;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.List;

import nexcage.http.pem.PemFiles;

/**
 * {@code runtime.api.tls.cert} and {@code tls.key} (PEM) made into the PKCS#12 keystore Felix
 * Jetty serves HTTPS from ({@code $NEXCAGE_STATE/api-tls.p12}, mode 0600, its password made per
 * start and kept in memory). The key must be PKCS#8 ({@code BEGIN PRIVATE KEY}, what {@code
 * openssl req -newkey} writes); RSA, EC and EdDSA keys are read ({@link PemFiles}).
 */
public final class PemKeyStore {
    public static final String NAME = "api-tls.p12";

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
        try {
            return List.copyOf(PemFiles.certificates(cert, "runtime.api.tls.cert"));
        } catch (PemFiles.Unreadable e) {
            throw new Unusable(e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(Path key) throws Unusable {
        try {
            return PemFiles.privateKey(key, "runtime.api.tls.key");
        } catch (PemFiles.Unreadable e) {
            throw new Unusable(e.getMessage(), e);
        }
    }
}
