package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ManagedLabels;
import nexcage.testkit.engines.PodmanService;
import nexcage.testkit.engines.TlsDockerd;

/**
 * Docker backend instances (factory configurations nexcage.plugin.docker.instance~NAME) on real
 * engines this test starts itself: Podman's service on its own socket, and a second dockerd on
 * 127.0.0.1 with TLS (both sides verified, certificates made with openssl). Each instance is its
 * own backend under its name, healthy with its engine's version; a client certificate the engine
 * does not trust makes the instance unhealthy with a sentence about TLS.
 */
class InstancesOnEnginesTest {
    static final String IMAGE = TestEngines.IMAGE;
    private static PodmanService podman;
    private static TlsDockerd tls;

    @BeforeAll
    static void engines() throws Exception {
        podman = TestEngines.podman();
        tls = TestEngines.tls();
    }

    private static DockerInstance podmanInstance() throws Exception {
        return TestEngines.podmanInstance();
    }

    private static DockerInstance tlsInstance() throws Exception {
        return TestEngines.tlsInstance();
    }

    private static DockerInstance instance(String name, Map<String, Object> config) {
        return TestEngines.instance(name, config);
    }

    @Test
    void aPodmanInstanceIsABackendOfItsOwnName() throws Exception {
        DockerInstance p = podmanInstance();
        try {
            assertThat(p.name()).isEqualTo("podman");
            assertThat(p.description()).contains(podman.host()).doesNotContain("TLS");
            BackendHealth h = p.health();
            assertThat(h.state()).as(String.valueOf(h.reason())).isEqualTo(BackendHealth.State.HEALTHY);
            assertThat(h.version()).isEqualTo("4.3.1");
            runsAndLists(p, "nexcage-inst-podman");
        } finally {
            p.close();
        }
    }

    @Test
    void aTlsInstanceTalksToTheEngineOverVerifiedTls() throws Exception {
        DockerInstance r = tlsInstance();
        try {
            assertThat(r.description()).contains(tls.host()).contains("over TLS");
            BackendHealth h = r.health();
            assertThat(h.state()).as(String.valueOf(h.reason())).isEqualTo(BackendHealth.State.HEALTHY);
            assertThat(h.version()).isNotBlank();
            runsAndLists(r, "nexcage-inst-remote");
        } finally {
            r.close();
        }
    }

    @Test
    void aClientTheEngineDoesNotTrustIsUnhealthyWithATlsReason() {
        DockerInstance stranger = instance("stranger", Map.of("host", tls.host(), "tls.ca", tls.ca().toString(),
                "tls.cert", tls.certs().resolve("other-cert.pem").toString(), "tls.key", tls.certs().resolve("other-key.pem").toString()));
        try {
            BackendHealth h = stranger.health();
            assertThat(h.state()).isEqualTo(BackendHealth.State.UNHEALTHY);
            assertThat(h.reason()).startsWith("the TLS connection to the engine at " + tls.host() + " failed")
                    .contains("tls.cert and tls.key");
        } finally {
            stranger.close();
        }
        DockerInstance plain = instance("plain", Map.of("host", tls.host()));
        try {
            assertThat(plain.health().state()).as("plain HTTP to a TLS engine").isEqualTo(BackendHealth.State.UNHEALTHY);
        } finally {
            plain.close();
        }
    }

    /** An attached run with its output and exit code, and a container listed and inspected under the instance's name. */
    static void runsAndLists(DockerBackend b, String prefix) throws Exception {
        String id = prefix + "-" + System.nanoTime();
        Map<String, String> labels = Map.of(ManagedLabels.MANAGED, "true", "nexcage.test", "instances");
        ContainerInfo created = b.create(new ContainerSpec(id, IMAGE, List.of("sh", "-c", "echo hi; exit 3"), labels, false));
        assertThat(created.backend()).isEqualTo(b.name());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(b.startAttached(id, out, new ByteArrayOutputStream())).isEqualTo(3);
        assertThat(out.toString()).isEqualTo("hi\n");
        assertThat(b.info(id).backend()).isEqualTo(b.name());
        assertThat(b.list(false)).filteredOn(c -> c.id().equals(id)).singleElement()
                .satisfies(c -> assertThat(c.backend()).isEqualTo(b.name()));
        b.delete(id, true);
    }
}
