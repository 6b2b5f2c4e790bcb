package nexcage.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;
import nexcage.testkit.engines.PodmanService;
import nexcage.testkit.engines.TlsDockerd;

/**
 * Docker backend instances declared in config.yaml (plugins.docker.instances.NAME), through the
 * real launcher and daemon, on engines this test starts: Podman's service and a TLS dockerd on
 * 127.0.0.1. backend list shows each with its health and version; --backend and routing rules
 * reach them; adding, changing or removing one (a live edit or config reload) touches only it, a
 * container running on another goes on; bad input is one line naming the setting, and changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackendInstancesEndToEndTest {
    private static final String P = "nxi" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 36), 36);
    private static PodmanService podman;
    private static TlsDockerd tls;
    private static Nexcage nx;

    @BeforeAll
    static void start() throws Exception {
        Engine.require();
        podman = PodmanService.start(Files.createTempDirectory(Paths.get("/tmp"), "nxipm"));
        podman.importBusybox(Engine.IMAGE);
        tls = TlsDockerd.start(Files.createTempDirectory(Paths.get("/tmp"), "nxitls"));
        tls.importBusybox(Engine.IMAGE);
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxinst"));
        nx.writeConfig(config(""));
        nx.start();
        awaitHealth("podman", "healthy");
        awaitHealth("docker", "healthy");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (nx != null) {
                nx.stopAndClose();
            }
            Engine.removeAll(P);
        } finally {
            if (podman != null) {
                podman.close();
            }
            if (tls != null) {
                tls.close();
            }
        }
    }

    /** config.yaml with the podman instance, a routing rule to it, and {@code more} instance lines. */
    private static String config(String more) {
        return "runtime:\n  routing:\n    - {pattern: \"" + P + "-routed-*\", backend: podman}\n"
                + "plugins:\n  docker:\n    instances:\n      podman:\n        host: " + podman.host() + "\n" + more;
    }

    private static String remote(String host) {
        return "      remote:\n        host: " + host + "\n        tls:\n          ca: " + tls.ca() + "\n          cert: " + tls.cert()
                + "\n          key: " + tls.key() + "\n";
    }

    private static JsonNode backend(String name) {
        for (JsonNode b : nx.json("backend", "list", "--json")) {
            if (b.get("name").asText().equals(name)) {
                return b;
            }
        }
        return null;
    }

    private static JsonNode awaitHealth(String name, String health) {
        return Nexcage.await("backend " + name + " " + health, Duration.ofSeconds(30), () -> backend(name),
                b -> b != null && b.get("health").asText().equals(health));
    }

    private static long logged(String text) {
        return nx.logFileText().lines().filter(l -> l.contains(text)).count();
    }

    private static void reload() {
        Nexcage.Result r = nx.run("config", "reload");
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    @Test
    @Order(1)
    void backendListShowsEachInstanceWithItsHealthAndVersion() {
        JsonNode p = backend("podman");
        assertThat(p.get("plugin").asText()).isEqualTo("docker");
        assertThat(p.get("version").asText()).isEqualTo("4.3.1");
        assertThat(backend("docker").get("health").asText()).isEqualTo("healthy");
        Nexcage.Result text = nx.run("backend", "list");
        assertThat(text.out()).contains("podman").contains("4.3.1");
    }

    @Test
    @Order(2)
    void anInstanceIsReachedByBackendAndByRouting() throws Exception {
        Nexcage.Result hi = nx.run("run", "--rm", "--name", P + "-hi", "--backend", "podman", Engine.IMAGE, "echo", "hi");
        assertThat(hi.exit()).as(hi.toString()).isZero();
        assertThat(hi.out()).isEqualTo("hi\n");
        String routed = P + "-routed-1";
        Nexcage.Result d = nx.run("run", "-d", "--name", routed, Engine.IMAGE, "sleep", "300");
        assertThat(d.exit()).as(d.toString()).isZero();
        assertThat(podman.docker("ps", "--format", "{{.Names}}").out()).contains(routed);
        assertThat(nx.json("info", "--json", routed).get("backend").asText()).isEqualTo("podman");
    }

    @Test
    @Order(3)
    void addingAnInstanceLeavesTheOthersAsTheyAre() {
        long podmanGone = logged("backend podman is gone");
        nx.writeConfig(config(remote(tls.host())));
        reload();
        JsonNode r = awaitHealth("remote", "healthy");
        assertThat(r.get("version").asText()).isNotBlank();
        Nexcage.Result hi = nx.run("run", "--rm", "--name", P + "-tls", "--backend", "remote", Engine.IMAGE, "echo", "over TLS");
        assertThat(hi.exit()).as(hi.toString()).isZero();
        assertThat(hi.out()).isEqualTo("over TLS\n");
        assertThat(logged("backend podman is gone")).as("podman's backend was not restarted").isEqualTo(podmanGone);
        JsonNode shown = nx.json("config", "show", "--json").path("plugins").path("docker").path("instances").path("remote");
        assertThat(shown.path("host").asText()).isEqualTo(tls.host());
        assertThat(shown.path("tls.ca").asText()).isEqualTo(tls.ca().toString());
        assertThat(shown.path("tls.key").asText()).as("a key's value is masked").isNotEqualTo(tls.key().toString());
        assertThat(nx.json("info", "--json", P + "-routed-1").get("status").asText()).isEqualTo("running");
    }

    @Test
    @Order(4)
    void badInstancesAreOneLineEachAndChangeNothing() {
        String good = config(remote(tls.host()));
        String[][] bad = {
            {config(remote("tcp://127.0.0.1")), "instances.remote.host 'tcp://127.0.0.1' is not an engine address"},
            {config(remote(tls.host()).replace(tls.ca().toString(), "/nonexistent/ca.pem")),
                "instances.remote.tls.ca /nonexistent/ca.pem does not exist"},
            {config("      docker:\n        host: " + podman.host() + "\n"), "instances.docker: docker is the name of the plugin's default backend"},
            {config("      other:\n        hots: " + podman.host() + "\n"), "instances.other.hots is not an instance setting"},
        };
        long podmanGone = logged("backend podman is gone");
        for (String[] b : bad) {
            nx.writeConfig(b[0]);
            Nexcage.Result r = nx.run("config", "reload");
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).as(r.toString()).contains("plugin docker refused its configuration: " + b[1]);
            assertThat(r.err().strip().lines().count()).as("one line: " + r.err()).isEqualTo(1);
        }
        nx.writeConfig(good);
        reload();
        assertThat(backend("remote").get("health").asText()).isEqualTo("healthy");
        assertThat(backend("podman").get("health").asText()).isEqualTo("healthy");
        assertThat(backend("other")).isNull();
        assertThat(logged("backend podman is gone")).isEqualTo(podmanGone);
        assertThat(nx.json("info", "--json", P + "-routed-1").get("status").asText()).isEqualTo("running");
    }

    @Test
    @Order(5)
    void changingAnInstanceRestartsOnlyIt() {
        long remoteUp = logged("backend remote of plugin docker is available");
        long podmanGone = logged("backend podman is gone");
        nx.writeConfig(config(remote(tls.host().replace("127.0.0.1", "localhost"))));
        reload();
        Nexcage.await("remote available again", Duration.ofSeconds(30), () -> logged("backend remote of plugin docker is available"),
                n -> n > remoteUp);
        awaitHealth("remote", "healthy");
        assertThat(logged("backend podman is gone")).isEqualTo(podmanGone);
    }

    @Test
    @Order(6)
    void anInstanceWhoseTlsFileWentIsListedWithTheReasonAndStartsOnceItIsBack() throws Exception {
        Path ca = Files.copy(tls.ca(), Files.createTempDirectory(Paths.get("/tmp"), "nxica").resolve("ca.pem"));
        nx.writeConfig(config(remote(tls.host()).replace(tls.ca().toString(), ca.toString())));
        reload();
        awaitHealth("remote", "healthy");
        Path kept = Files.move(ca, ca.resolveSibling("kept.pem"));
        nx.restart(); // the instance is activated anew, without its file
        String missing = "backend remote could not start: instances.remote.tls.ca " + ca + " does not exist";
        JsonNode r = Nexcage.await("remote listed with the missing file as its reason", Duration.ofSeconds(30), () -> backend("remote"),
                b -> b != null && b.path("reason").asText().startsWith(missing));
        assertThat(r.get("health").asText()).isEqualTo("unhealthy");
        assertThat(r.get("reason").asText()).as("what, why and the fix, in one line").contains("fix the path").doesNotContain("\n");
        assertThat(nx.run("backend", "list").out()).contains("DESCRIPTION").contains(missing);
        assertThat(backend("docker").get("description").asText()).as("where a Docker backend's containers are by default")
                .contains("engine's default network");
        Nexcage.Result refused = nx.run("run", "--rm", "--name", P + "-nostart", "--backend", "remote", Engine.IMAGE, "true");
        assertThat(refused.exit()).as(refused.toString()).isNotZero();
        assertThat(refused.err()).as(refused.toString()).contains(missing);
        Files.move(kept, ca);
        awaitHealth("remote", "healthy");
        awaitHealth("podman", "healthy");
    }

    @Test
    @Order(7)
    void removingAnInstanceRemovesOnlyIt() {
        nx.writeConfig(config(""));
        reload();
        Nexcage.await("remote gone from backend list", Duration.ofSeconds(30), () -> backend("remote") == null, gone -> gone);
        assertThat(backend("podman").get("health").asText()).isEqualTo("healthy");
        assertThat(nx.json("info", "--json", P + "-routed-1").get("status").asText()).isEqualTo("running");
        Nexcage.Result d = nx.run("delete", "-f", P + "-routed-1");
        assertThat(d.exit()).as(d.toString()).isZero();
    }
}
