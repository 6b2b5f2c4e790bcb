package nexcage.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;

/**
 * {@code plugin stats} adds up through the real launcher and daemon: a command run N times is N
 * calls of {@code command:hello}, the Docker backend's container operations are its
 * {@code backend:*} calls, and {@code plugin info} says which limits are watched.
 */
class PluginStatsEndToEndTest {
    private static final int RUNS = 7;
    private static final String P = "nx" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private static Nexcage nx;

    @BeforeAll
    static void start() throws Exception {
        Engine.require();
        nx = Nexcage.withHello("nxe2e");
        nx.start();
        Nexcage.await("the docker backend to be healthy", Nexcage.START_WAIT, () -> nx.run("backend", "list", "--json").out(),
                Engine::dockerHealthy);
    }

    @AfterAll
    static void stop() throws Exception {
        Engine.stopAndRemoveAll(nx, P);
    }

    @Test
    void aCommandRunNTimesIsNCallsOfItsEntry() {
        for (int i = 0; i < RUNS; i++) {
            Nexcage.Result r = nx.run("hello", "World");
            assertThat(r.exit()).as(r.err()).isZero();
        }
        JsonNode hello = nx.json("plugin", "stats", "hello", "--json");
        JsonNode command = hello.get("by_entry").get("command:hello");
        assertThat(command.get("calls").asLong()).as(hello.toString()).isEqualTo(RUNS);
        assertThat(command.get("errors").asLong()).isZero();
        assertThat(command.get("latency_ms").get("max").asDouble()).isPositive();
        assertThat(hello.get("by_entry").get("lifecycle:init").get("calls").asLong()).isEqualTo(1);
        assertThat(hello.get("calls").asLong()).isGreaterThanOrEqualTo(RUNS + 1);
        assertThat(hello.get("watched").asBoolean()).isTrue();
        assertThat(hello.get("limits").get("timeout_seconds").asInt()).isEqualTo(10);
        assertThat(hello.get("over_limit")).as("hello behaves").isEmpty();

        Nexcage.Result table = nx.run("plugin", "stats");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.outLines().get(0)).startsWith("PLUGIN").contains("CPU%").endsWith("OVER-LIMIT");
        assertThat(table.out()).containsPattern("\nhello +" + hello.get("calls").asLong() + " ").containsPattern("\ndocker +\\d+ ");
    }

    @Test
    void theBackendsContainerOperationsAreTheDockerPluginsCalls() {
        String id = P + "-stats";
        assertThat(nx.run("run", "-d", "--name", id, Engine.IMAGE, "sleep", "30").exit()).isZero();
        assertThat(nx.run("stop", "-t", "0", id).exit()).isZero();
        assertThat(nx.run("delete", id).exit()).isZero();
        JsonNode entries = nx.json("plugin", "stats", "docker", "--json").get("by_entry");
        for (String op : new String[] {"create", "start", "stop", "delete"}) {
            assertThat(entries.get("backend:" + op)).as("backend:%s in %s", op, entries).isNotNull();
            assertThat(entries.get("backend:" + op).get("calls").asLong()).as("backend:" + op).isEqualTo(1);
        }
        assertThat(entries.get("backend:health").get("calls").asLong()).isPositive();
    }

    @Test
    void pluginInfoSaysWhichLimitsAreWatchedAndWhichCannotBe() {
        JsonNode info = nx.json("plugin", "info", "hello", "--json");
        assertThat(info.get("limits_watched").toString()).isEqualTo(
                "[\"timeout_seconds\",\"max_threads\",\"max_cpu_percent\",\"max_disk_usage_mb\"]");
        assertThat(info.get("limits_not_enforced").toString()).isEqualTo(
                "[\"max_memory_mb\",\"max_file_descriptors\",\"max_network_connections\"]");
        assertThat(info.get("allocated_bytes_per_second").isNumber()).isTrue();
        Nexcage.Result unknown = nx.run("plugin", "stats", "ghost");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no plugin named 'ghost'");
        assertThat(nx.run("plugin", "stats", "a", "b").exit()).isEqualTo(2);
    }
}
