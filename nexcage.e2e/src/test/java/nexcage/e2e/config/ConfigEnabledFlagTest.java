package nexcage.e2e.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;

/**
 * One daemon's life across restarts: without a config file it runs on defaults and says where it
 * looked; {@code plugins.hello.enabled: false} at boot keeps hello stopped; {@code plugin enable}
 * starts it and is remembered across a restart while the file's flag stays as it was; the next
 * change of the flag in the file wins again, while the daemon runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigEnabledFlagTest {
    /** A flag change needs a config poll (400 ms) and a plugin start or stop. */
    private static final Duration FLAG_APPLIED = Duration.ofSeconds(10);
    private static final List<String> SETTLED = List.of("active", "disabled", "failed", "rejected");

    private static Nexcage nx;

    static String config(Boolean enabled) {
        return "plugins:\n  hello:\n" + (enabled == null ? "" : "    enabled: " + enabled + "\n") + "    config:\n      greeting: Hallo\n";
    }

    @BeforeAll
    static void create() throws Exception {
        nx = Nexcage.withHello("nxflag");
    }

    @AfterAll
    static void stop() throws Exception {
        if (nx != null) {
            nx.stopAndClose();
        }
    }

    /** Waits until hello's state stops moving, then returns it. */
    private static String settledState() {
        return Nexcage.await("hello to be in a settled state", FLAG_APPLIED, () -> nx.pluginState("hello"), SETTLED::contains);
    }

    private static void awaitState(String state) {
        Nexcage.await("hello to be " + state, FLAG_APPLIED, () -> nx.pluginState("hello"), state::equals);
    }

    @Test
    @Order(1)
    void withoutAConfigFileTheDaemonRunsOnDefaultsAndSaysWhereItLooked() {
        assertThat(nx.configFile()).doesNotExist();
        nx.start();
        assertThat(settledState()).isEqualTo("active");
        assertThat(nx.run("hello", "World").out()).isEqualTo("Hello, World!\n");
        assertThat(nx.run("hello").out()).isEqualTo("Hello, World!\n");

        Nexcage.Result show = nx.run("config", "show");
        assertThat(show.exit()).as(show.toString()).isZero();
        assertThat(show.out()).contains("no config file at " + nx.configFile()).contains("running on defaults")
                .contains("max_plugin_size_mb: 100").contains("default_backend: docker").contains("routing: []")
                .contains("plugin_dir: " + nx.home.resolve("plugins"));
        JsonNode json = nx.json("config", "show", "--json");
        assertThat(json.path("file").asText()).isEqualTo(nx.configFile().toString());
        assertThat(json.path("exists").asBoolean()).isFalse();
        assertThat(json.path("error").isNull()).isTrue();
        assertThat(json.path("plugins").size()).isZero();
        assertThat(nx.logFileText()).contains("no config file at " + nx.configFile());

        Nexcage.Result reload = nx.run("config", "reload");
        assertThat(reload.exit()).as(reload.toString()).isZero();
        assertThat(nx.configFile()).as("NexCage never writes the user's file").doesNotExist();
    }

    @Test
    @Order(2)
    void enabledFalseAtBootKeepsThePluginStopped() {
        nx.stop();
        nx.writeConfig(config(false));
        nx.start();
        assertThat(settledState()).isEqualTo("disabled");
        Nexcage.Result r = nx.run("hello", "World");
        assertThat(r.exit()).as(r.toString()).isNotZero();
        JsonNode hello = nx.json("config", "show", "--json").path("plugins").path("hello");
        assertThat(hello.path("enabled").asBoolean(true)).isFalse();
        assertThat(hello.path("effective_enabled").asBoolean(true)).isFalse();
    }

    @Test
    @Order(3)
    void pluginEnableStartsItWhileTheFileSaysFalse() {
        Nexcage.Result r = nx.run("plugin", "enable", "hello");
        assertThat(r.exit()).as(r.toString()).isZero();
        awaitState("active");
        Nexcage.await("hello to answer", FLAG_APPLIED, () -> nx.run("hello", "World").out(), "Hallo, World!\n"::equals);
        assertThat(nx.json("config", "show", "--json").path("plugins").path("hello").path("effective_enabled").asBoolean())
                .isTrue();
    }

    @Test
    @Order(4)
    void theEnableIsRememberedAcrossARestartWhileTheFilesFlagIsUnchanged() {
        String before = config(false);
        nx.restart();
        assertThat(settledState()).isEqualTo("active");
        assertThat(nx.run("hello", "World").out()).isEqualTo("Hallo, World!\n");
        // an unrelated edit of the file does not bring the old flag back either
        nx.writeConfig(before.replace("greeting: Hallo", "greeting: Servus"));
        Nexcage.await("hello to greet with Servus", FLAG_APPLIED, () -> nx.run("hello", "World").out(), "Servus, World!\n"::equals);
        assertThat(nx.pluginState("hello")).isEqualTo("active");
    }

    @Test
    @Order(5)
    void theNextChangeOfTheFilesFlagWinsAgain() {
        // true agrees with the enable; then false is the newest fact and stops hello
        nx.writeConfig(config(true).replace("greeting: Hallo", "greeting: Servus"));
        Nexcage.await("config show to have enabled: true", FLAG_APPLIED,
                () -> nx.json("config", "show", "--json").path("plugins").path("hello").path("enabled").asText(), "true"::equals);
        assertThat(nx.pluginState("hello")).isEqualTo("active");
        nx.writeConfig(config(false).replace("greeting: Hallo", "greeting: Servus"));
        awaitState("disabled");
        // and true starts it again, while running
        nx.writeConfig(config(true).replace("greeting: Hallo", "greeting: Servus"));
        awaitState("active");
        Nexcage.await("hello to answer", FLAG_APPLIED, () -> nx.run("hello", "World").out(), "Servus, World!\n"::equals);
    }

    @Test
    @Order(6)
    void aDisableIsRememberedUntilTheFileChangesTheFlag() {
        Nexcage.Result r = nx.run("plugin", "disable", "hello");
        assertThat(r.exit()).as(r.toString()).isZero();
        awaitState("disabled");
        nx.restart();
        assertThat(settledState()).as("the file still says true, but the disable is newer").isEqualTo("disabled");
        nx.writeConfig(config(false).replace("greeting: Hallo", "greeting: Servus"));
        Nexcage.await("config show to have enabled: false", FLAG_APPLIED,
                () -> nx.json("config", "show", "--json").path("plugins").path("hello").path("enabled").asText(), "false"::equals);
        nx.writeConfig(config(true).replace("greeting: Hallo", "greeting: Servus"));
        awaitState("active");
    }

    @Test
    @Order(7)
    void theUsersFileIsNeverRewritten() throws Exception {
        String text = java.nio.file.Files.readString(nx.configFile());
        long modified = java.nio.file.Files.getLastModifiedTime(nx.configFile()).toMillis();
        assertThat(nx.run("plugin", "disable", "hello").exit()).isZero();
        assertThat(nx.run("plugin", "enable", "hello").exit()).isZero();
        assertThat(nx.run("config", "reload").exit()).isZero();
        awaitState("active");
        assertThat(java.nio.file.Files.readString(nx.configFile())).isEqualTo(text);
        assertThat(java.nio.file.Files.getLastModifiedTime(nx.configFile()).toMillis()).isEqualTo(modified);
    }
}
