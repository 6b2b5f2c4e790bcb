package nexcage.http.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeyStoreTest {
    @TempDir
    Path dir;

    @Test
    void aMissingCertificateSaysWhichSettingAndWhatToDo() {
        assertThatThrownBy(() -> PemKeyStore.write(dir.resolve("no.pem"), dir.resolve("k.pem"), dir.resolve("ks.p12"), "p".toCharArray()))
                .isInstanceOf(PemKeyStore.Unusable.class).hasMessageContaining("runtime.api.tls.cert").hasMessageContaining("does not exist")
                .hasMessageContaining("nexcage config reload");
    }

    @Test
    void aKeyThatIsNotPkcs8SaysHowToConvertIt() throws IOException {
        Path key = dir.resolve("k.pem");
        Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemKeyStore.privateKey(key)).hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void aPemCertificateAndKeyBecomeAPrivateKeystore() throws Exception {
        assertThat(openssl()).as("openssl makes the test's certificate; ./test.sh installs it (Debian package openssl)").isTrue();
        Path cert = dir.resolve("c.pem");
        Path key = dir.resolve("k.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        Path ks = PemKeyStore.write(cert, key, dir.resolve("state").resolve(PemKeyStore.NAME), "pw".toCharArray());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ks))).isEqualTo("rw-------");
        KeyStore k = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(ks.toFile())) {
            k.load(in, "pw".toCharArray());
        }
        assertThat(k.isKeyEntry("nexcage-api")).isTrue();
    }

    private static boolean openssl() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
