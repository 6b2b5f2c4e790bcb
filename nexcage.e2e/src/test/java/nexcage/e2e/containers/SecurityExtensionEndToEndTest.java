package nexcage.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import nexcage.e2e.Nexcage;

/**
 * The image-policy example guards real container operations: an allowed image runs, another is
 * refused (exit 1, naming the extension) before the engine sees it, each decision is in the
 * plugin's log, and removing the plugin lifts the policy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityExtensionEndToEndTest {
    private static final Path POLICY = Nexcage.ROOT.resolve("examples/image-policy/target/image-policy-1.0.0.nexcage-plugin");
    private static final String P = "nxsec" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    /** The test image under a name the policy does not allow. */
    private static final String OTHER = "nexcage-other/" + P + ":latest";
    private static Nexcage nx;

    @BeforeAll
    static void start() throws Exception {
        Engine.require();
        assertThat(Engine.docker("tag", Engine.IMAGE, OTHER).exit()).isZero();
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxe2e"));
        Files.copy(POLICY, nx.plugins().resolve(POLICY.getFileName()));
        Files.writeString(nx.home.resolve("config.yaml"), "plugins:\n  image-policy:\n    config:\n      allow: \"nexcage-test/*\"\n");
        nx.start();
        nx.awaitState("image-policy", "active");
        Nexcage.await("a healthy docker backend", Nexcage.START_WAIT, () -> nx.run("backend", "list", "--json").out(),
                Engine::dockerHealthy);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nx != null) {
            nx.stop();
        }
        Engine.removeAll(P);
        Engine.docker("rmi", OTHER);
    }

    @Test
    @Order(1)
    void anAllowedImageRuns() {
        Nexcage.Result r = nx.run("run", "--rm", "--name", P + "-ok", Engine.IMAGE, "echo", "hi");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("hi\n");
    }

    @Test
    @Order(2)
    void anotherImageIsRefusedNamingTheExtensionAndNothingIsMade() throws Exception {
        Nexcage.Result r = nx.run("run", "--rm", "--name", P + "-no", OTHER, "echo", "hi");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("nexcage run: " + P + "-no: refused by security extension image-policy (plugin image-policy)");
        assertThat(r.out()).isEmpty();
        Nexcage.Result c = nx.run("create", "--name", P + "-no2", OTHER);
        assertThat(c.exit()).as(c.toString()).isEqualTo(1);
        assertThat(c.err()).contains("refused by security extension image-policy");
        assertThat(Engine.docker("ps", "-aq", "--filter", "name=^/" + P + "-no").out()).as("no container was made").isBlank();
    }

    @Test
    @Order(3)
    void eachDecisionIsAuditedInThePluginsLog() {
        String log = Nexcage.await("the audit lines", Nexcage.WAIT, () -> nx.run("logs", "--plugin", "image-policy").out(),
                o -> o.contains("audit: refused") && o.contains("audit: allowed"));
        assertThat(log).contains("audit: allowed root container.run " + P + "-ok " + Engine.IMAGE)
                .contains("audit: refused root container.run " + P + "-no " + OTHER);
    }

    @Test
    @Order(4)
    void removingThePluginLiftsThePolicy() {
        Nexcage.Result rm = nx.run("plugin", "remove", "image-policy");
        assertThat(rm.exit()).as(rm.toString()).isZero();
        nx.awaitGone("image-policy");
        Nexcage.Result r = nx.run("run", "--rm", "--name", P + "-after", OTHER, "echo", "free");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("free\n");
    }
}
