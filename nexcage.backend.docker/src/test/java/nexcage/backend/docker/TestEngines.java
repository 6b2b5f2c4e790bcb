package nexcage.backend.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import nexcage.testkit.engines.PodmanService;
import nexcage.testkit.engines.TlsDockerd;

/**
 * The engines of this module's instance tests, started once per test JVM when first asked for
 * (each takes seconds) with the busybox test image, and stopped when the JVM ends: Podman's
 * service on its own socket and a TLS dockerd on 127.0.0.1. The shared engine is not among them.
 */
final class TestEngines {
    static final String IMAGE = RealEngine.IMAGE;
    private static PodmanService podman;
    private static TlsDockerd tls;
    private static Path dir;

    private TestEngines() {
    }

    static synchronized PodmanService podman() throws IOException, InterruptedException {
        if (podman == null) {
            podman = PodmanService.start(dir().resolve("podman"));
            podman.importBusybox(IMAGE);
        }
        return podman;
    }

    static synchronized TlsDockerd tls() throws IOException, InterruptedException {
        if (tls == null) {
            tls = TlsDockerd.start(dir().resolve("tls-dockerd"));
            tls.importBusybox(IMAGE);
        }
        return tls;
    }

    /** An instance as DS makes it of the factory configuration nexcage.plugin.docker.instance~NAME. */
    static DockerInstance instance(String name, Map<String, Object> config) {
        DockerInstance i = new DockerInstance();
        Map<String, Object> props = new java.util.HashMap<>(config);
        props.put(DockerInstance.INSTANCE, name);
        props.put("service.pid", DockerInstance.FACTORY_PID + "~" + name);
        i.activateInstance(props);
        return i;
    }

    static DockerInstance podmanInstance() throws IOException, InterruptedException {
        return instance("podman", Map.of("host", podman().host()));
    }

    static DockerInstance tlsInstance() throws IOException, InterruptedException {
        TlsDockerd t = tls();
        return instance("remote", Map.of("host", t.host(), "tls.ca", t.ca().toString(), "tls.cert", t.cert().toString(),
                "tls.key", t.key().toString()));
    }

    /** What makes one instance on its engine, for {@link InstanceConformance}. */
    interface Maker {
        DockerInstance make() throws IOException, InterruptedException;
    }

    private static Path dir() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("nexcage-engines");
            Runtime.getRuntime().addShutdownHook(new Thread(TestEngines::stopAll, "nexcage-test-engines-stop"));
        }
        return dir;
    }

    private static synchronized void stopAll() {
        for (AutoCloseable c : new AutoCloseable[] {podman, tls}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("stopping a test engine failed: " + e);
            }
        }
        try {
            Files.deleteIfExists(dir); // each engine removed its own folder in it
        } catch (IOException e) {
            System.err.println("removing " + dir + " failed: " + e);
        }
    }
}
