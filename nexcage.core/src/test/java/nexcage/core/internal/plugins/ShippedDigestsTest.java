package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

/**
 * Issue 22: the build's digests of the system plugins spare the daemon the per-entry check of exactly
 * the bytes the build verified, in the system plugin directory only; any other bytes are checked in full.
 */
class ShippedDigestsTest {
    @TempDir
    static Path dir;
    static Path dist;
    static Path systemPlugins;
    static Path trustedDir;
    static Path signed;
    static Path keystore;

    @BeforeAll
    static void signedSystemPlugin() throws Exception {
        dist = Files.createDirectories(dir.resolve("dist"));
        systemPlugins = Files.createDirectories(dist.resolve("plugins"));
        trustedDir = Files.createDirectories(dist.resolve("trusted"));
        keystore = dir.resolve("release.p12");
        jdkTool("keytool", "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Release, O=NexCage", "-alias", "r",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "secret1", "-keypass", "secret1");
        jdkTool("keytool", "-exportcert", "-rfc", "-alias", "r", "-keystore", keystore.toString(), "-storepass", "secret1",
                "-file", trustedDir.resolve("nexcage-release.pem").toString());
        Path unsigned = dir.resolve("docker-unsigned.jar");
        PluginFileCheckerTest.plugin(unsigned, "docker", "0.8.0", 3, 100);
        signed = systemPlugins.resolve("docker-0.8.0.nexcage-plugin");
        jdkTool("jarsigner", "-keystore", keystore.toString(), "-storepass", "secret1", "-sigfile", "NEXCAGE", "-signedjar",
                signed.toString(), unsigned.toString(), "r");
        ShippedDigests.write(systemPlugins, trustedDir, dist.resolve(ShippedDigests.FILE_NAME));
    }

    private static void jdkTool(String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", tool).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(tool + " finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private static TrustSettings trust() {
        Map<String, String> props = Map.of("nexcage.system_plugin_dir", systemPlugins.toString(),
                "nexcage.system_trusted_certs_dir", trustedDir.toString());
        return new TrustSettings(null, null, props::get);
    }

    /** The file's signature entries kept, one signed entry's bytes changed: what an attacker who can write the file makes. */
    private static void tamper(Path from, Path to) throws IOException {
        try (ZipFile in = new ZipFile(from.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                out.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream data = in.getInputStream(e)) {
                    byte[] bytes = data.readAllBytes();
                    if (e.getName().equals("data/zeros-1")) {
                        bytes[0] = 'X';
                    }
                    out.write(bytes);
                }
                out.closeEntry();
            }
        }
    }

    /** A checker that trusts nothing by itself: only the build's digests can make a file trusted. */
    private PluginFileChecker checker(TrustSettings trust) {
        return new PluginFileChecker(new Version(0, 8, 0), true, anyFile -> List.of(), 100L << 20, 512L << 20, 1000,
                dir.resolve("copies")).shipped(trust::vouched);
    }

    @Test
    void theBuildListsTheDigestAndSignerOfEachSystemPluginItVerified() throws IOException {
        List<String> lines = Files.readAllLines(dist.resolve(ShippedDigests.FILE_NAME));
        assertThat(lines).anyMatch(l -> l.equals(PluginFileChecker.sha256(signed) + "\tdocker-0.8.0.nexcage-plugin\tCN=Release,O=NexCage"));
    }

    @Test
    void theBuildFailsOnASystemPluginWhoseSignatureIsBad() throws IOException {
        Path other = Files.createDirectories(dir.resolve("bad-build/plugins"));
        tamper(signed, other.resolve("docker-0.8.0.nexcage-plugin"));
        assertThatThrownBy(() -> ShippedDigests.write(other, trustedDir, other.resolveSibling(ShippedDigests.FILE_NAME)))
                .hasMessageContaining("does not pass its signature check").hasMessageContaining("does not match entry data/zeros-1");
        assertThat(other.resolveSibling(ShippedDigests.FILE_NAME)).doesNotExist();
    }

    @Test
    void theVerifiedBytesInTheSystemDirectoryTakeTheBuildsVerdict() {
        PluginFileChecker.Checked c = checker(trust()).check(signed);
        assertThat(c.ok()).as(c.reason()).isTrue();
        assertThat(c.signature().signer()).isEqualTo("CN=Release,O=NexCage");
        assertThat(c.signature().trusted()).isTrue();
    }

    @Test
    void theVerifiedBytesAreStillHeldToTheInflatedSizeCapByTheirHeaders() {
        // 3 entries of 100 bytes: within 300 bytes, over 299
        PluginFileChecker within = new PluginFileChecker(new Version(0, 8, 0), true, anyFile -> List.of(), 100L << 20, 4096, 1000,
                dir.resolve("copies")).shipped(trust()::vouched);
        assertThat(within.check(signed).ok()).isTrue();
        PluginFileChecker over = new PluginFileChecker(new Version(0, 8, 0), true, anyFile -> List.of(), 100L << 20, 299, 1000,
                dir.resolve("copies")).shipped(trust()::vouched);
        assertThat(over.check(signed).reason()).contains("runtime.max_plugin_inflated_mb");
    }

    @Test
    void theSameBytesOutsideTheSystemDirectoryAreCheckedInFull() throws IOException {
        Path user = Files.createDirectories(dir.resolve("user-plugins")).resolve("docker-0.8.0.nexcage-plugin");
        Files.copy(signed, user);
        PluginFileChecker.Checked c = checker(trust()).check(user);
        assertThat(c.ok()).isFalse();
        assertThat(c.reason()).contains("signer CN=Release,O=NexCage is not trusted");
    }

    @Test
    void aModifiedSystemPluginIsCheckedInFullAndRefused() throws IOException {
        Path original = dir.resolve("original.jar");
        Files.copy(signed, original, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try {
            tamper(original, signed);
            PluginFileChecker.Checked c = new PluginFileChecker(new Version(0, 8, 0), false, trust().trustedFor(List.of()), 100L << 20,
                    512L << 20, 1000, dir.resolve("copies")).shipped(trust()::vouched).check(signed);
            assertThat(c.ok()).as("a file whose digest is not listed gets the full check").isFalse();
            assertThat(c.reason()).contains("the signature does not match entry data/zeros-1");
        } finally {
            Files.copy(original, signed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void theListIsIgnoredWhenTheShippedCertificatesAreNotTheOnesTheBuildUsed() throws Exception {
        List<X509Certificate> shipped = JarSignatures.trustedCertificates(trustedDir);
        assertThat(ShippedDigests.beside(systemPlugins, shipped).vouched(PluginFileChecker.sha256(signed))).isNotNull();
        Path otherKeys = dir.resolve("other.p12");
        Path otherTrusted = Files.createDirectories(dir.resolve("other-trusted"));
        jdkTool("keytool", "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Other", "-alias", "o",
                "-keystore", otherKeys.toString(), "-storetype", "PKCS12", "-storepass", "secret1", "-keypass", "secret1");
        jdkTool("keytool", "-exportcert", "-rfc", "-alias", "o", "-keystore", otherKeys.toString(), "-storepass", "secret1",
                "-file", otherTrusted.resolve("other.pem").toString());
        assertThat(ShippedDigests.beside(systemPlugins, JarSignatures.trustedCertificates(otherTrusted)).isEmpty()).isTrue();
        assertThat(ShippedDigests.beside(systemPlugins, List.of()).isEmpty()).isTrue();
    }
}
