package nexcage.e2e.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;

/**
 * Issue 21, defect 5, through the real launcher: runtime settings that came from {@code ${...}}
 * (a routing rule's backend, the plugin directory) are masked by {@code config show [--json]} and
 * in the log, as DESIGN §7 promises for every value from the environment.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigSecretsFromEnvTest {
    private static final String MASK = "********";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String BACKEND = "probe-backend-" + RUN;
    private static final String DIR_NAME = "probe-dir-" + RUN;

    private static Nexcage nx;
    private static Path probeDir;

    static String config(boolean withPluginDir) {
        return String.join("\n",
                "runtime:",
                withPluginDir ? "  plugin_dir: ${NX_PROBE_DIR}" : "  max_plugin_size_mb: 100",
                "  routing:",
                "    - pattern: \"db-*\"",
                "      backend: ${NX_PROBE_BACKEND}",
                "plugins:",
                "  hello:",
                "    config:",
                "      greeting: \"Hi\"",
                "");
    }

    @BeforeAll
    static void start() throws Exception {
        probeDir = Files.createTempDirectory(Path.of("/tmp"), DIR_NAME);
        nx = Nexcage.withHello("nxsecret").daemonEnv("NX_PROBE_BACKEND", BACKEND).daemonEnv("NX_PROBE_DIR", probeDir.toString());
        nx.writeConfig(config(false));
        nx.start();
        nx.awaitState("hello", "active");
    }

    @AfterAll
    static void stop() {
        java.util.Optional.ofNullable(nx).ifPresent(Nexcage::stopAndClose);
        Nexcage.deleteTree(probeDir);
    }

    @Test
    @Order(1)
    void configShowMasksARoutingBackendFromTheEnvironment() {
        Nexcage.Result text = nx.run("config", "show");
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out() + text.err()).doesNotContain(BACKEND).contains("    - pattern: \"db-*\"\n      backend: " + MASK + "\n");

        Nexcage.Result json = nx.run("config", "show", "--json");
        assertThat(json.out() + json.err()).doesNotContain(BACKEND);
        JsonNode rule = nx.json("config", "show", "--json").path("runtime").path("routing").path(0);
        assertThat(rule.path("pattern").asText()).isEqualTo("db-*");
        assertThat(rule.path("backend").asText()).isEqualTo(MASK);
    }

    @Test
    @Order(2)
    void theLogNamesAPluginDirFromTheEnvironmentMasked() {
        String changed = "the plugin directory is now ";
        nx.writeConfig(config(true));
        String line = Nexcage.await("the deployer to log the new plugin directory", Duration.ofSeconds(10), nx::logFileText,
                l -> l.contains(changed)).lines().filter(l -> l.contains(changed)).findFirst().orElseThrow();
        assertThat(line).doesNotContain(DIR_NAME).contains(changed + MASK);
        assertThat(nx.json("config", "show", "--json").path("runtime").path("plugin_dir").asText()).isEqualTo(MASK);
    }

    @Test
    @Order(99)
    void neitherValueWasEverLogged() {
        Map<Path, String> logged = nx.everythingLogged();
        assertThat(logged).isNotEmpty();
        logged.forEach((file, text) -> assertThat(text).as("a secret in " + file).doesNotContain(BACKEND).doesNotContain(DIR_NAME));
    }
}
