package nexcage.backend.docker;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ManagedLabels;

/**
 * The real Docker engine the tests run against ({@code DOCKER_HOST}, else the standard socket).
 * When no engine answers, the tests fail saying so; they never skip. The test image
 * {@value #IMAGE} is imported from a tarball built here (busybox and its links) when missing.
 */
final class RealEngine {

    static final String IMAGE = "nexcage-test/busybox:latest";

    /** The label the core puts on every container it makes, which list(false) and the event stream look for. */

    static final Map<String, String> MANAGED = Map.of(ManagedLabels.MANAGED, "true");
    static final String[] LINKS = {"sh", "echo", "sleep", "cat", "ls", "true", "false", "env"};

    private static DockerBackend backend;
    private static DockerClient raw;

    private RealEngine() {
    }

    /** The shared backend on the real engine, checked and with the test image present. */
    static synchronized DockerBackend backend() {
        if (backend == null) {
            String host = DockerBackend.defaultHost();
            DockerBackend b = new DockerBackend(host);
            BackendHealth h = b.health();
            if (h.state() != BackendHealth.State.HEALTHY) {
                b.close();
                fail("No Docker engine is reachable at " + host + " (" + h.state().id() + ": " + h.reason()
                        + "). These tests need a real engine: start one with `sudo dockerd &` or `sudo systemctl start docker`,"
                        + " or point DOCKER_HOST at one.");
            }
            raw = rawClient(host);
            ensureImage(raw, URI.create(host), IMAGE);
            backend = b;
        }
        return backend;
    }

    /** A plain docker-java client on the same engine, for setting up what the backend must not make. */
    static synchronized DockerClient raw() {
        backend();
        return raw;
    }

    static DockerClient rawClient(String host) {
        URI uri = URI.create(host);
        return DockerClientImpl.getInstance(new EngineConfig(uri, RemoteApiVersion.VERSION_1_41),
                new ZerodepDockerHttpClient.Builder().dockerHost(uri).build());
    }

    /** A name no other test (or run) uses. */
    static String unique(String what) {
        return "nxt-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void ensureImage(DockerClient client, URI host, String image) {
        try {
            client.inspectImageCmd(image).exec();
        } catch (NotFoundException missing) {
            importBusybox(host, image);
        }
    }

    /** Imports {@link #busyboxTar()} as {@code image}. */
    static void importBusybox(URI host, String image) {
        byte[] tarball = busyboxTar();
        int colon = image.lastIndexOf(':');
        String repo = colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
        String tag = colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
        // POST /images/create?fromSrc=- (what `docker import` does); docker-java's createImageCmd
        // sends a body the engine reads as a truncated tar, so the request is made by hand
        DockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(host).build();
        try (http) {
            DockerHttpClient.Request req = DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.POST)
                    .path("/images/create?fromSrc=-&repo=" + enc(repo) + "&tag=" + enc(tag))
                    .putHeader("Content-Type", "application/x-tar")
                    .body(new ByteArrayInputStream(tarball))
                    .build();
            try (DockerHttpClient.Response r = http.execute(req)) {
                String answer = new String(r.getBody().readAllBytes(), StandardCharsets.UTF_8);
                if (r.getStatusCode() != 200 || answer.contains("\"error")) {
                    throw new AssertionError("the engine refused to import " + image + ": HTTP " + r.getStatusCode() + " " + answer);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("could not import the test image " + image + ": " + e.getMessage(), e);
        }
    }

    /** A tarball of a folder with /bin/busybox and its links: a root file system as docker import takes it. */
    static byte[] busyboxTar() {
        Path busybox = Stream.of("/bin/busybox", "/usr/bin/busybox", "/usr/local/bin/busybox").map(Path::of)
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("there is no busybox to build the test image from;"
                        + " install busybox-static (apt-get install -y busybox-static)"));
        Path dir = null;
        try {
            dir = Files.createTempDirectory("nexcage-busybox");
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Files.copy(busybox, bin.resolve("busybox"));
            for (String l : LINKS) {
                Files.createSymbolicLink(bin.resolve(l), Path.of("busybox"));
            }
            Process tar = new ProcessBuilder("tar", "-C", dir.toString(), "-cf", "-", ".")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] tarball;
            try (InputStream in = tar.getInputStream()) {
                tarball = in.readAllBytes();
            }
            if (!tar.waitFor(30, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                throw new AssertionError("tar of the busybox folder failed");
            }
            return tarball;
        } catch (IOException e) {
            throw new AssertionError("could not build the busybox tarball: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while building the busybox tarball");
        } finally {
            if (dir != null) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException ignored) {
                    // temp files
                }
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Removes containers by name, whatever state they are in. */
    static void removeQuietly(List<String> names) {
        for (String n : names) {
            try {
                raw.removeContainerCmd(n).withForce(true).exec();
            } catch (RuntimeException ignored) {
                // gone already
            }
        }
    }
}
