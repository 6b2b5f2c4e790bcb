package nexcage.e2e.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * The configuration a daemon starts with: {@code nexcage daemon --config FILE} reads FILE instead
 * of $NEXCAGE_HOME/config.yaml; a ${VAR} in the runtime section is masked like any other; a
 * plugin section its plugin refuses, and a file that cannot be read, are reported at boot as they
 * would be after an edit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigBootTest {
    private static final String BACKEND = "backend-" + UUID.randomUUID().toString().substring(0, 8);
    private static Nexcage nx;
    private static Path elsewhere;

    static String config(String greeting, String repeat) {
        return "runtime:\n  default_backend: ${NX_E2E_BACKEND}\nplugins:\n  hello:\n    config:\n      greeting: " + greeting
                + "\n      repeat: " + repeat + "\n";
    }

    @BeforeAll
    static void create() throws Exception {
        nx = Nexcage.withHello("nxboot").daemonEnv("NX_E2E_BACKEND", BACKEND);
        elsewhere = Files.createDirectories(nx.base.resolve("etc")).resolve("nexcage.yaml");
    }

    @AfterAll
    static void stop() throws Exception {
        if (nx != null) {
            nx.stopAndClose();
        }
    }

    @Test
    @Order(1)
    void daemonConfigOptionReadsThatFileInstead() throws Exception {
        nx.writeConfig(config("Home", "1"));
        Files.writeString(elsewhere, config("Salut", "1"));
        nx.start("--config", elsewhere.toString());
        Nexcage.await("hello to greet from " + elsewhere, Nexcage.START_WAIT, () -> nx.run("hello", "World").out(),
                "Salut, World!\n"::equals);
        assertThat(nx.run("config", "show").out()).startsWith("# " + elsewhere + "\n");
        assertThat(nx.json("config", "show", "--json").path("file").asText()).isEqualTo(elsewhere.toString());
        // an edit of the given file is live; the file under NEXCAGE_HOME is not read at all
        nx.writeConfig(config("Ignored", "1"));
        Files.writeString(elsewhere, config("Ciao", "1"));
        Nexcage.await("hello to greet with Ciao", Nexcage.WAIT, () -> nx.run("hello", "World").out(),
                "Ciao, World!\n"::equals);
    }

    /** DESIGN §7: every value that came from ${...} is masked, the runtime section's too. */
    @Test
    @Order(2)
    void aRuntimeValueFromTheEnvironmentIsMasked() {
        Nexcage.Result text = nx.run("config", "show");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).as("config show").doesNotContain(BACKEND);
        Nexcage.Result json = nx.run("config", "show", "--json");
        assertThat(json.out()).as("config show --json").doesNotContain(BACKEND);
        assertThat(nx.logFileText()).doesNotContain(BACKEND);
    }

    /** The plugin's own check applies to the section present at boot, not only to later edits. */
    @Test
    @Order(3)
    void aSectionThePluginRefusesIsReportedAtBoot() throws Exception {
        nx.stop();
        Files.writeString(elsewhere, config("Ciao", "0"));
        nx.start("--config", elsewhere.toString());
        // whether hello then runs on its defaults or stays failed is the core's choice; it must not be silent
        Nexcage.await("hello to be started or failed", Nexcage.START_WAIT, () -> nx.pluginState("hello"),
                s -> s.equals("active") || s.equals("failed"));
        String at = elsewhere + ":4:3: ";
        String log = Nexcage.await("the log to report that hello refused its section", Nexcage.WAIT, nx::logFileText,
                l -> l.contains(at));
        assertThat(log).contains("plugin hello refused");
        Nexcage.Result r = nx.run("config", "reload");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains(at).contains("plugin hello refused").contains("repeat must be from 1 to 10");
    }

    /** A file that is there but broken at boot: the daemon runs on defaults and says why, not that there is no file. */
    @Test
    @Order(4)
    void aBrokenFileAtBootIsReportedAndTheDaemonRunsOnDefaults() throws Exception {
        nx.stop();
        Files.writeString(elsewhere, config("Ciao", "2: 3"));
        nx.start("--config", elsewhere.toString());
        String at = elsewhere + ":7:16: ";
        assertThat(nx.logFileText()).contains(at);
        Nexcage.await("hello to answer with its defaults", Nexcage.START_WAIT, () -> nx.run("hello", "World").out(),
                "Hello, World!\n"::equals);
        Nexcage.Result r = nx.run("config", "reload");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains(at);
        JsonNode json = nx.json("config", "show", "--json");
        assertThat(json.path("error").asText()).contains(at);
        assertThat(json.path("exists").asBoolean()).as("the file is there: " + json).isTrue();
        Nexcage.Result text = nx.run("config", "show");
        assertThat(text.out()).contains("last edit refused: " + at).doesNotContain("no config file");
    }
}
