package nexcage.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.e2e.Nexcage;
import nexcage.testkit.SocketProxy;

/**
 * The engine goes away and comes back while the daemon runs: health flips to undetected (no
 * socket) or unhealthy (a socket that refuses), container commands fail fast with a sentence
 * naming the socket, and everything works again without restarting the daemon.
 */
class EngineRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String P = "nr" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private static Path sock;
    private static SocketProxy engine;
    private static Nexcage nx;

    @BeforeAll
    static void start() throws Exception {
        Engine.require();
        sock = Paths.get("/tmp", P + ".sock");
        engine = new SocketProxy(sock, Paths.get("/var/run/docker.sock"));
        engine.start();
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxe2e"));
        nx.env.put("DOCKER_HOST", "unix://" + sock);
        nx.start();
        awaitHealth("healthy");
    }

    @AfterAll
    static void stop() throws Exception {
        if (nx != null) {
            nx.stop();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private static JsonNode awaitHealth(String wanted) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode docker = null;
        while (System.nanoTime() < deadline) {
            Nexcage.Result r = nx.run("backend", "list", "--json");
            if (r.exit() == 0) {
                JsonNode list = JSON.readTree(r.out());
                docker = list.size() > 0 ? list.get(0) : null;
                if (docker != null && docker.get("health").asText().equals(wanted)) {
                    return docker;
                }
            }
        }
        throw new AssertionError("the docker backend did not become " + wanted + ": " + docker);
    }

    @Test
    void healthFlipsAndCommandsRecoverWithoutARestart() throws Exception {
        Nexcage.Result ok = nx.run("run", "--rm", "--name", P + "-1", Engine.IMAGE, "echo", "before");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("before\n");

        engine.stop(true);
        JsonNode undetected = awaitHealth("undetected");
        assertThat(undetected.get("reason").asText()).contains(sock.toString());
        long t0 = System.nanoTime();
        Nexcage.Result down = nx.run("list");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).contains(sock.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(down.err().lines().count()).isEqualTo(1);
        assertThat(ms).as("a command with the engine down fails within a few seconds, not after a long timeout").isLessThan(5000);
        Nexcage.Result attached = nx.run("run", "--rm", "--name", P + "-2", Engine.IMAGE, "echo", "x");
        assertThat(attached.exit()).isEqualTo(125);

        engine.start();
        engine.stop(false);
        JsonNode unhealthy = awaitHealth("unhealthy");
        assertThat(unhealthy.get("reason").asText()).contains(sock.toString());

        engine.start();
        awaitHealth("healthy");
        Nexcage.Result after = nx.run("run", "--rm", "--name", P + "-3", Engine.IMAGE, "echo", "after");
        assertThat(after.exit()).as(after.err()).isZero();
        assertThat(after.out()).isEqualTo("after\n");
    }
}
