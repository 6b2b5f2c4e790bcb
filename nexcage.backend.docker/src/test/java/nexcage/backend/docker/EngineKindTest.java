package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.backend.docker.RawHttpTest.FakeEngine;

/**
 * Docker's own engine told from Podman (and from an engine that says too little) by its /version, once
 * at connect: only Docker's answers a wait for {@code removed} with the exit code ({@link AttachedRun}).
 * The answers are the real ones of Docker 20.10.24 (Debian's package) and Podman 4.3.1, shortened.
 */
class EngineKindTest {

    static final String DOCKER_20_10 = "{\"Platform\":{\"Name\":\"\"},\"Components\":[{\"Name\":\"Engine\",\"Version\":\"20.10.24+dfsg1\","
            + "\"Details\":{\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.12\",\"Os\":\"linux\"}},{\"Name\":\"containerd\",\"Version\":"
            + "\"1.6.20~ds1\"},{\"Name\":\"runc\",\"Version\":\"1.1.5+ds1\"},{\"Name\":\"docker-init\",\"Version\":\"0.19.0\"}],"
            + "\"Version\":\"20.10.24+dfsg1\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.12\",\"Os\":\"linux\"}";
    static final String PODMAN_4_3 = "{\"Platform\":{\"Name\":\"linux/amd64/debian-12\"},\"Components\":[{\"Name\":\"Podman Engine\","
            + "\"Version\":\"4.3.1\",\"Details\":{\"APIVersion\":\"4.3.1\",\"MinAPIVersion\":\"4.0.0\",\"Os\":\"linux\"}},{\"Name\":"
            + "\"Conmon\",\"Version\":\"conmon version 2.1.6\"},{\"Name\":\"OCI Runtime (crun)\",\"Version\":\"crun version 1.8.1\"}],"
            + "\"Version\":\"4.3.1\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.24\",\"Os\":\"linux\"}";

    @TempDir
    Path dir;

    @Test
    void dockersVersionNamesItsEnginePodmansDoesNot() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(EngineVersion.docker(json.readTree(DOCKER_20_10))).isTrue();
        assertThat(EngineVersion.docker(json.readTree(PODMAN_4_3))).isFalse();
        // an engine that says no components (older than API 1.35, or another one) is not taken for Docker's
        assertThat(EngineVersion.docker(json.readTree("{\"Version\":\"17.03\",\"ApiVersion\":\"1.26\"}"))).isFalse();
        assertThat(EngineVersion.docker(json.readTree("{\"Components\":{\"Name\":\"Engine\"}}"))).isFalse();
        assertThat(EngineVersion.docker(null)).isFalse();
    }

    @Test
    void theConnectionToDockerSaysSo() throws Exception {
        assertThat(connectTo(DOCKER_20_10).docker()).isTrue();
    }

    @Test
    void theConnectionToPodmanSaysItIsNotDocker() throws Exception {
        assertThat(connectTo(PODMAN_4_3).docker()).isFalse();
    }

    private EngineConnection connectTo(String version) throws Exception {
        try (FakeEngine e = new FakeEngine(dir.resolve("engine.sock"), Map.of(
                "/_ping", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK",
                "/version", "HTTP/1.1 200 OK\r\nContent-Length: " + version.length() + "\r\n\r\n" + version));
                Engine engine = new Engine(e.uri(), Duration.ofSeconds(5))) {
            EngineConnection c = engine.connection();
            assertThat(c.apiVersion()).isEqualTo("1.41");
            return c;
        }
    }
}
