package nexcage.e2e.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;

/**
 * A backend plugin's health reads the same everywhere (DESIGN §8): with no engine at all, the
 * docker plugin is {@code undetected} in {@code backend list}, {@code plugin list},
 * {@code plugin health} and the daemon log, never {@code unhealthy} in one and {@code undetected}
 * in another.
 */
class BackendPluginHealthTest {
    private Nexcage nx;
    private Path absent;

    @BeforeEach
    void newDaemon() throws IOException {
        nx = Nexcage.create("nxbh");
        absent = Paths.get("/tmp", "nxbh" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + ".sock");
        Files.deleteIfExists(absent);
        nx.env.put("DOCKER_HOST", "unix://" + absent);
    }

    @AfterEach
    void closeDaemon() {
        nx.close();
    }

    private String backendHealth() {
        JsonNode list = nx.json("backend", "list", "--json");
        return list.size() == 0 ? "(no backend)" : list.get(0).get("health").asText();
    }

    @Test
    void anAbsentEngineIsUndetectedInEveryPlace() {
        nx.start();
        Nexcage.await("the docker backend to be undetected", Nexcage.WAIT, this::backendHealth, "undetected"::equals);
        JsonNode docker = Nexcage.await("plugin list to show the docker plugin's health", Nexcage.WAIT,
                () -> Nexcage.plugin(nx.list(), "docker").orElse(null), p -> p != null && !p.get("health").asText().equals("unknown"));
        assertThat(docker.get("state").asText()).isEqualTo("active");
        assertThat(docker.get("health").asText()).isEqualTo("undetected");

        JsonNode health = nx.json("plugin", "health", "docker", "--json");
        assertThat(health.get(0).get("health").asText()).isEqualTo("undetected");
        // the registry logs a change of health just after it records it, which backend list may show first
        String log = Nexcage.await("the log line about the docker backend's health", Nexcage.WAIT, nx::daemonLog,
                t -> t.contains("backend docker is undetected"));
        assertThat(log).doesNotContain("backend docker is unhealthy");
    }
}
