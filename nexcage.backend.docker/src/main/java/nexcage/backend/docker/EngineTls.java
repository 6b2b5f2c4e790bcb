package nexcage.backend.docker;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import com.github.dockerjava.transport.SSLConfig;

import nexcage.http.pem.PemFiles;

/**
 * TLS to an engine as {@code docker --tlsverify --tlscacert --tlscert --tlskey} does it, built with
 * the JDK from PEM files (docker-java's own TLS setup needs Bouncy Castle, which this bundle
 * leaves out): the engine's certificate is checked against {@code ca} (else the JDK's trusted
 * CAs) and its host name, and {@code cert} with {@code key} (PKCS#8, as openssl writes it) is the
 * client's certificate. The context is built once, when the configuration is read, so a missing or
 * bad file is refused with the configuration rather than at the first call.
 */
final class EngineTls implements SSLConfig {
    private static final char[] IN_MEMORY = "nexcage".toCharArray(); // the key store never leaves memory

    private final Path ca;
    private final Path cert;
    private final Path key;
    private final SSLContext context;

    /**
     * @param prefix how the settings are named in messages, e.g. {@code instances.remote.tls}
     * @throws IllegalArgumentException one sentence naming the setting, the file and the fix
     */
    EngineTls(Path ca, Path cert, Path key, String prefix) {
        this.ca = ca;
        this.cert = cert;
        this.key = key;
        try {
            this.context = SSLContext.getInstance("TLS");
            context.init(keyManagers(prefix), trustManagers(prefix), null);
        } catch (PemFiles.Unreadable e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(prefix + ": the TLS context cannot be built from " + this + " (" + e.getMessage()
                    + "); check that the certificate and the key belong together", e);
        }
    }

    private KeyManager[] keyManagers(String prefix) throws PemFiles.Unreadable, GeneralSecurityException, IOException {
        if (cert == null) {
            return null;
        }
        List<X509Certificate> chain = PemFiles.certificates(cert, prefix + ".cert");
        PrivateKey privateKey = PemFiles.privateKey(key, prefix + ".key");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", privateKey, IN_MEMORY, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, IN_MEMORY);
        return kmf.getKeyManagers();
    }

    private TrustManager[] trustManagers(String prefix) throws PemFiles.Unreadable, GeneralSecurityException, IOException {
        if (ca == null) {
            return null; // the JDK's trusted CAs
        }
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        int n = 0;
        for (X509Certificate c : PemFiles.certificates(ca, prefix + ".ca")) {
            ts.setCertificateEntry("ca-" + n++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        return tmf.getTrustManagers();
    }

    @Override
    public SSLContext getSSLContext() {
        return context;
    }

    @Override
    public String toString() {
        return "ca " + ca + ", cert " + cert + ", key " + key;
    }
}
