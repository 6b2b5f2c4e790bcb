package nexcage.testkit.engines;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A second dockerd for a test, listening only on {@code tcp://127.0.0.1:PORT} with TLS that
 * checks both sides ({@code --tlsverify}): a CA, the server's certificate for 127.0.0.1 and
 * localhost, and a client certificate, all made with openssl in {@code DIR/certs} (PKCS#8 keys).
 * Its data root, exec root, pid file and config file are in {@code DIR}; no iptables, no bridge.
 * The shared engine at /var/run/docker.sock is never touched.
 */
public final class TlsDockerd extends StartedEngine {
    private final Path certs;
    private final int port;

    private TlsDockerd(Path dir, Path certs, int port, Process process) {
        super(dir, process, dir.resolve("dockerd.log"));
        this.certs = certs;
        this.port = port;
    }

    /** Makes the certificates, starts dockerd and returns once it answers over TLS. */
    public static TlsDockerd start(Path dir) throws IOException, InterruptedException {
        Path certs = Certificates.make(Files.createDirectories(dir.resolve("certs")));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("daemon.json"), "{}\n");
        List<String> cmd = List.of("dockerd", "--config-file", config.toString(), "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(), "--pidfile", dir.resolve("dockerd.pid").toString(),
                "-H", "tcp://127.0.0.1:" + port, "--tlsverify", "--tlscacert", certs.resolve("ca.pem").toString(),
                "--tlscert", certs.resolve("server-cert.pem").toString(), "--tlskey", certs.resolve("server-key.pem").toString(),
                "--iptables=false", "--ip6tables=false", "--bridge=none", "--cgroup-parent", "nexcage-tls-dockerd");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        TlsDockerd d = new TlsDockerd(dir, certs, port, p);
        d.awaitAnswer(Duration.ofSeconds(60), "the TLS dockerd");
        return d;
    }

    @Override
    public String host() {
        return "tcp://127.0.0.1:" + port;
    }

    public Path ca() {
        return certs.resolve("ca.pem");
    }

    /** The client's certificate, which the engine requires. */
    public Path cert() {
        return certs.resolve("cert.pem");
    }

    public Path key() {
        return certs.resolve("key.pem");
    }

    /** The certificates' folder (DOCKER_CERT_PATH), which also holds other-cert.pem and other-key.pem from a CA the engine does not trust. */
    public Path certs() {
        return certs;
    }

    /** The docker CLI over TLS, both sides verified. */
    @Override
    protected Map<String, String> cliEnvironment() {
        return Map.of("DOCKER_HOST", host(), "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", certs.toString());
    }
}
