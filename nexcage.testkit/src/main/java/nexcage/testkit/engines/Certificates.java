package nexcage.testkit.engines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The certificates of a TLS engine, made with openssl as Docker's guide to protecting the daemon
 * socket makes them: {@code ca.pem}; {@code server-cert.pem} and {@code server-key.pem} for
 * 127.0.0.1 and localhost; {@code cert.pem} and {@code key.pem} for the client (extended key
 * usage clientAuth), the names {@code DOCKER_CERT_PATH} expects; {@code other-cert.pem} and
 * {@code other-key.pem}, a client from another CA the engine does not trust. Keys are PKCS#8.
 */
public final class Certificates {
    private Certificates() {
    }

    public static Path make(Path d) throws IOException, InterruptedException {
        openssl(d, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=nexcage test CA",
                "-keyout", "ca-key.pem", "-out", "ca.pem");
        signed(d, "server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n", "ca");
        signed(d, "client", "/CN=nexcage test client", "extendedKeyUsage=clientAuth\n", "ca");
        Files.move(d.resolve("client-cert.pem"), d.resolve("cert.pem"));
        Files.move(d.resolve("client-key.pem"), d.resolve("key.pem"));
        openssl(d, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=another CA",
                "-keyout", "other-ca-key.pem", "-out", "other-ca.pem");
        signed(d, "other", "/CN=a stranger", "extendedKeyUsage=clientAuth\n", "other-ca");
        return d;
    }

    private static void signed(Path d, String name, String subject, String extensions, String ca) throws IOException, InterruptedException {
        openssl(d, "req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", name + "-key.pem", "-out", name + ".csr");
        Files.writeString(d.resolve(name + ".ext"), extensions);
        openssl(d, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + "-key.pem", "-CAcreateserial", "-days", "2",
                "-extfile", name + ".ext", "-out", name + "-cert.pem");
    }

    private static void openssl(Path d, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Commands.ok(Map.of(), withDir(d, cmd));
        } catch (IOException e) {
            throw new AssertionError("openssl is not installed; run ./test.sh as root (it installs openssl)", e);
        }
    }

    /** {@code cmd} run in {@code d}: openssl's relative file names are the folder's. */
    private static List<String> withDir(Path d, List<String> cmd) {
        List<String> out = new java.util.ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", d.toString()));
        out.addAll(cmd);
        return out;
    }
}
