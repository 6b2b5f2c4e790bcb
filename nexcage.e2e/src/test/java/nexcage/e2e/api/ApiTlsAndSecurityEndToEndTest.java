package nexcage.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import nexcage.e2e.Nexcage;

/**
 * runtime.api.tls: the API serves HTTPS with the configured certificate (made here with openssl),
 * and a security extension (examples/image-policy, which allows no action but a container's) is
 * put every request: its refusal is 403 naming it, and removing it lets requests through.
 */
class ApiTlsAndSecurityEndToEndTest {
    private static final Path POLICY = Nexcage.ROOT.resolve("examples/image-policy/target/image-policy-1.0.0.nexcage-plugin");
    private static Nexcage nx;
    private static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        nx = new Nexcage(ApiEndToEndTest.tmp());
        Path cert = nx.base.resolve("api.pem");
        Path key = nx.base.resolve("api.key");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "2",
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(said).isZero();
        Files.copy(POLICY, nx.plugins().resolve(POLICY.getFileName()));
        int port = ApiEndToEndTest.freePort();
        nx.writeConfig("runtime:\n  api:\n    listen: 127.0.0.1:" + port + "\n    tls:\n      cert: " + cert + "\n      key: " + key + "\n");
        nx.start();
        nx.awaitState("image-policy", "active");
        api = new ApiClient("https://127.0.0.1:" + port, nx.state, trusting(cert));
        Nexcage.await("the HTTPS API to answer", Nexcage.START_WAIT, () -> api.token() == null ? null : api.get("/v1/plugins"),
                r -> r != null);
    }

    static SSLContext trusting(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("api", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @AfterAll
    static void stop() {
        if (nx != null) {
            nx.stopAndClose();
        }
    }

    @Test
    void httpsServesWithTheCertificateAndAnExtensionsRefusalIs403NamingIt() {
        HttpResponse<String> refused = api.get("/v1/plugins");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("refused by security extension image-policy (plugin image-policy)");
        assertThat(api.send("GET", "/v1/plugins", null, null).statusCode()).as("the token is still asked first").isEqualTo(401);
        String log = Nexcage.await("the audit line", Nexcage.WAIT, () -> nx.run("logs", "--plugin", "image-policy").out(),
                o -> o.contains("audit: refused api-token api.GET /v1/plugins"));
        assertThat(log).contains("audit: refused api-token api.GET /v1/plugins");

        assertThat(nx.run("plugin", "remove", "image-policy").exit()).isZero();
        HttpResponse<String> ok = Nexcage.await("the request to pass without the extension", Nexcage.WAIT, () -> api.get("/v1/plugins"),
                r -> r.statusCode() == 200);
        assertThat(ok.body()).contains("\"name\"");
    }
}
