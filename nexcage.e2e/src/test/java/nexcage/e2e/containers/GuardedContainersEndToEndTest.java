package nexcage.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;
import nexcage.e2e.containers.fixture.ContainersProbeActivator;
import nexcage.testkit.PluginJar;

/**
 * A plugin's containers through the guarded Containers service on the real engine, driven from
 * the launcher: with the container capabilities it creates, starts, execs in, stops and deletes
 * a container that the CLI then sees with NexCage's labels (the same container layer); without
 * them each call is refused, names its capability and operation, and touches no container (GuardIT checks
 * the violations each makes).
 */
class GuardedContainersEndToEndTest {
    private static final String P = "gc" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private static final String CAPS = "container_create,container_start,container_stop,container_delete,container_exec,"
            + "container_list,container_info";
    private static Nexcage nx;

    @BeforeAll
    static void start() throws Exception {
        Engine.require();
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxe2e"));
        probe("cprobe-full", CAPS);
        probe("cprobe-none", null);
        nx.start();
        awaitCommand("cprobe-full");
        awaitCommand("cprobe-none");
    }

    private static void probe(String command, String capabilities) {
        PluginJar.corpusPlugin(command, "e2e.fixture", command.replace('-', '.'), "guarded containers tests")
                .header("Bundle-Activator", ContainersProbeActivator.class.getName())
                .header("NexCage-Capabilities", capabilities)
                .header("Import-Package", "nexcage.api;version=\"[1.0,2)\",nexcage.api.cli;version=\"[1.0,2)\","
                        + "nexcage.api.containers;version=\"[1.0,2)\",nexcage.api.backend;version=\"[1.0,2)\","
                        + "org.osgi.framework;version=\"[1.8,2)\"")
                .header("Probe-Command", command)
                .classFrom(GuardedContainersEndToEndTest.class.getClassLoader(), ContainersProbeActivator.class.getName())
                .writeTo(nx.plugins().resolve(command + "-1.0.0.nexcage-plugin"));
    }

    private static void awaitCommand(String command) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Nexcage.Result r = null;
        while (System.nanoTime() < deadline) {
            r = nx.run(command, "list");
            if (r.exit() != 2 || !r.err().contains("unknown command")) {
                return;
            }
            nx.run("plugin", "list"); // a round trip instead of a sleep
        }
        throw new AssertionError("the command " + command + " did not appear: " + r);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nx != null) {
            nx.stop();
        }
        Engine.removeAll(P);
    }

    @Test
    void withTheCapabilitiesAPluginRunsAContainerThroughTheContainerLayer() throws Exception {
        String id = P + "-full";
        assertThat(nx.run("cprobe-full", "create", id, Engine.IMAGE)).satisfies(r -> assertThat(r.exit()).as(r.toString()).isZero());
        assertThat(nx.run("cprobe-full", "start", id).exit()).isZero();
        assertThat(nx.run("cprobe-full", "info", id).out().trim()).isEqualTo("RUNNING");
        Nexcage.Result exec = nx.run("cprobe-full", "exec", id);
        assertThat(exec.out()).as(exec.toString()).isEqualTo("hi from " + id + "\n");
        assertThat(nx.run("cprobe-full", "list").out()).contains(id);
        // the CLI sees the plugin's container with NexCage's labels: the same container layer made it
        JsonNode info = Nexcage.JSON.readTree(nx.run("info", "--json", id).out());
        assertThat(info.toString()).contains("nexcage.managed");
        assertThat(nx.run("cprobe-full", "stop", id).exit()).isZero();
        assertThat(nx.run("cprobe-full", "delete", id).exit()).isZero();
        Nexcage.Result gone = nx.run("cprobe-full", "info", id);
        assertThat(gone.exit()).as(gone.toString()).isEqualTo(4);
    }

    @Test
    void withoutThemEachCallIsRefusedAndNothingIsMade() throws Exception {
        String id = P + "-none";
        for (List<String> call : List.of(List.of("create", id, Engine.IMAGE, "container_create containers.create"),
                List.of("start", id, "container_start containers.start"), List.of("info", id, "container_info containers.info"),
                List.of("list", id, "container_list containers.list"), List.of("exec", id, "container_exec containers.exec"),
                List.of("stop", id, "container_stop containers.stop"), List.of("delete", id, "container_delete containers.delete"))) {
            String[] args = call.subList(0, call.size() - 1).toArray(String[]::new);
            Nexcage.Result r = nx.run(concat("cprobe-none", args));
            assertThat(r.exit()).as(r.toString()).isEqualTo(3);
            assertThat(r.err().trim()).isEqualTo("denied " + call.get(call.size() - 1));
        }
        assertThat(Engine.docker("ps", "-aq", "--filter", "name=" + id).out()).isBlank();
    }

    private static String[] concat(String first, String[] rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
