package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerSpec;
import nexcage.testkit.engines.Certificates;

/**
 * An instance whose TLS file is gone when it is activated (removed after it was configured) stays a
 * backend named as configured: unhealthy with the reason, every operation refused with it, and
 * started as soon as the file is back. No engine is needed: nothing answers on its address.
 */
class InstanceNotStartedTest {
    @TempDir
    Path dir;

    @Test
    void aMissingTlsFileIsTheReasonUntilTheFileIsBack() throws Exception {
        Path c = Certificates.make(Files.createDirectories(dir.resolve("certs")));
        Path ca = dir.resolve("ca.pem");
        DockerInstance remote = TestEngines.instance("remote", Map.of("host", "tcp://127.0.0.1:1", "tls.ca", ca.toString(),
                "tls.cert", c.resolve("cert.pem").toString(), "tls.key", c.resolve("key.pem").toString()));
        try {
            assertThat(remote.name()).isEqualTo("remote");
            BackendHealth h = remote.health();
            assertThat(h.state()).isEqualTo(BackendHealth.State.UNHEALTHY);
            assertThat(h.reason()).startsWith("backend remote could not start: instances.remote.tls.ca " + ca + " does not exist")
                    .contains("tries its settings again at each health check").doesNotContain("\n");
            assertThat(remote.description()).contains("default network");
            assertThatThrownBy(() -> remote.create(new ContainerSpec("x", "busybox", List.of("true"), Map.of(), false)))
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.reason()).isEqualTo(BackendException.Reason.ENGINE_UNAVAILABLE);
                        assertThat(e.getMessage()).isEqualTo(h.reason());
                    });

            Files.copy(c.resolve("ca.pem"), ca);
            BackendHealth after = remote.health();
            assertThat(after.reason()).as("started: now the engine's own address is what fails").doesNotContain("could not start")
                    .contains("127.0.0.1:1");
            assertThat(remote.host()).hasToString("tcp://127.0.0.1:1");
        } finally {
            remote.close();
        }
    }
}
