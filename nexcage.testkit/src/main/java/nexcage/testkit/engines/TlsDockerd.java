package nexcage.testkit.engines;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A second dockerd for a test, listening only on {@code tcp://127.0.0.1:PORT} with TLS that
 * checks both sides ({@code --tlsverify}): a CA, the server's certificate for 127.0.0.1 and
 * localhost, and a client certificate, all made with openssl in {@code DIR/certs} (PKCS#8 keys).
 * Its data root, exec root, pid file and config file are in {@code DIR}; no iptables, no bridge.
 * The shared engine at /var/run/docker.sock is never touched.
 */
public final class TlsDockerd implements AutoCloseable {
    private final Path dir;
    private final Path certs;
    private final int port;
    private final Process process;

    private TlsDockerd(Path dir, Path certs, int port, Process process) {
        this.dir = dir;
        this.certs = certs;
        this.port = port;
        this.process = process;
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
        if (!Commands.await(Duration.ofSeconds(60), () -> d.answers() || !p.isAlive()) || !p.isAlive()) {
            d.close();
            throw new AssertionError("the TLS dockerd did not answer on 127.0.0.1:" + port + " within 60 s: " + d.log());
        }
        return d;
    }

    private boolean answers() {
        try {
            return process.isAlive() && docker("version").exit() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

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

    /** A certificate and key from a CA the engine does not trust (for refusals). */
    public Path certs() {
        return certs;
    }

    /** Runs the {@code docker} CLI against this engine over TLS. */
    public Commands.Out docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        return Commands.run(Map.of("DOCKER_HOST", host(), "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", certs.toString()),
                Duration.ofSeconds(120), cmd);
    }

    public void importBusybox(String tag) throws IOException, InterruptedException {
        Path tar = Commands.busyboxTarball(Files.createTempDirectory(dir, "image"));
        Commands.Out o = docker("import", tar.toString(), tag);
        if (o.exit() != 0) {
            throw new AssertionError("importing the busybox image into the TLS dockerd failed: " + o.both());
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("dockerd.log"));
        } catch (IOException e) {
            return "(no dockerd log: " + e.getMessage() + ")";
        }
    }

    /** Removes its containers and stops it (its containerd stops with it). */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            for (String id : docker("ps", "-aq").out().split("\\s+")) {
                if (!id.isBlank()) {
                    docker("rm", "-f", id);
                }
            }
        }
        process.destroy();
        if (!Commands.await(Duration.ofSeconds(30), () -> !process.isAlive())) {
            process.destroyForcibly();
        }
    }
}
