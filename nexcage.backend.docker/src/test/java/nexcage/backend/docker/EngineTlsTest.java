package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.testkit.engines.Certificates;

/**
 * The TLS context built with the JDK from PEM files (no Bouncy Castle) speaks TLS as Docker's
 * --tlsverify does: it checks the server's certificate against the CA and offers the client's
 * certificate, and a server that requires a client certificate from its CA takes it. A JDK TLS
 * server stands in for the engine here; the real TLS dockerd is in InstancesOnEnginesTest.
 */
class EngineTlsTest {
    @TempDir
    static Path dir;
    static Path c;

    @BeforeAll
    static void certificates() throws Exception {
        c = Certificates.make(dir);
    }

    /** A server that requires a client certificate from the CA, answering "ok" to the first byte. */
    private static SSLServerSocket server() throws IOException {
        EngineTls serverSide = new EngineTls(c.resolve("ca.pem"), c.resolve("server-cert.pem"), c.resolve("server-key.pem"), "server");
        SSLServerSocket s = (SSLServerSocket) serverSide.getSSLContext().getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress());
        s.setNeedClientAuth(true);
        CompletableFuture.runAsync(() -> {
            try (SSLSocket in = (SSLSocket) s.accept()) {
                in.getInputStream().read();
                in.getOutputStream().write("ok".getBytes());
            } catch (IOException expectedWhenRefused) {
                // the handshake failed: the client sees it too
            }
        });
        return s;
    }

    private static String talk(EngineTls client, int port) throws IOException {
        try (SSLSocket s = (SSLSocket) client.getSSLContext().getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write('x');
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(2));
        }
    }

    @Test
    void theClientCertificateOfTheCaIsTakenAndTheServerIsChecked() throws Exception {
        try (SSLServerSocket s = server()) {
            EngineTls client = new EngineTls(c.resolve("ca.pem"), c.resolve("cert.pem"), c.resolve("key.pem"), "instances.remote.tls");
            assertThat(talk(client, s.getLocalPort())).isEqualTo("ok");
        }
    }

    @Test
    void aClientOfAnotherCaIsRefusedAndAServerOfAnotherCaIsNotTrusted() throws Exception {
        try (SSLServerSocket s = server()) {
            EngineTls stranger = new EngineTls(c.resolve("ca.pem"), c.resolve("other-cert.pem"), c.resolve("other-key.pem"), "x");
            assertThatThrownBy(() -> talk(stranger, s.getLocalPort())).isInstanceOf(IOException.class);
        }
        try (SSLServerSocket s = server()) {
            EngineTls wrongCa = new EngineTls(c.resolve("other-ca.pem"), c.resolve("cert.pem"), c.resolve("key.pem"), "x");
            assertThatThrownBy(() -> talk(wrongCa, s.getLocalPort())).isInstanceOf(SSLException.class);
        }
    }

    @Test
    void aKeyFileHoldingNoKeyIsRefusedWhenRead() {
        assertThatThrownBy(() -> new EngineTls(c.resolve("ca.pem"), c.resolve("cert.pem"), c.resolve("ca.pem"), "instances.remote.tls"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("instances.remote.tls.key ");
    }
}
