package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificates that ship with the runtime vouch for the system plugin directory's files only. */
class TrustSettingsTest {
    @TempDir
    static Path dir;
    static Path systemPlugins;
    static X509Certificate release;

    @BeforeAll
    static void releaseCertificate() throws Exception {
        systemPlugins = Files.createDirectories(dir.resolve("dist/plugins"));
        Path trusted = Files.createDirectories(dir.resolve("dist/trusted"));
        Path keystore = dir.resolve("release.p12");
        keytool("-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Release", "-alias", "r",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "secret1", "-keypass", "secret1");
        keytool("-exportcert", "-rfc", "-alias", "r", "-keystore", keystore.toString(), "-storepass", "secret1",
                "-file", trusted.resolve("nexcage-release.pem").toString());
        release = JarSignatures.trustedCertificates(trusted).get(0);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    private static Function<Path, List<X509Certificate>> trustedFor(List<X509Certificate> user) {
        Map<String, String> props = Map.of("nexcage.system_plugin_dir", systemPlugins.toString(),
                "nexcage.system_trusted_certs_dir", dir.resolve("dist/trusted").toString());
        return new TrustSettings(null, null, props::get).trustedFor(user);
    }

    @Test
    void theReleaseCertificateIsTrustedForTheSystemPluginDirectory() {
        assertThat(trustedFor(List.of()).apply(systemPlugins.resolve("docker-0.8.0.nexcage-plugin"))).containsExactly(release);
        assertThat(trustedFor(List.of()).apply(systemPlugins.resolve("../plugins/docker.jar"))).containsExactly(release);
    }

    @Test
    void theReleaseCertificateIsNotTrustedElsewhere() {
        assertThat(trustedFor(List.of()).apply(dir.resolve("home/plugins/docker-0.8.0.nexcage-plugin"))).isEmpty();
        assertThat(trustedFor(List.of()).apply(systemPlugins.resolve("sub/docker.jar"))).as("below the directory").isEmpty();
        assertThat(trustedFor(List.of()).apply(dir.resolve("dist/pluginsX/docker.jar"))).isEmpty();
    }
}
