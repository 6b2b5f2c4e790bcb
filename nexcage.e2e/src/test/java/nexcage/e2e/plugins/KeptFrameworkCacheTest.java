package nexcage.e2e.plugins;

import static nexcage.e2e.Nexcage.plugin;
import static nexcage.e2e.Nexcage.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;

/**
 * The framework cache kept across an orderly restart (issue 22, DESIGN §9): a start after SIGTERM
 * reuses what Felix left in {@code $NEXCAGE_STATE/framework}, and the core brings the plugins it finds
 * there in step with the plugin directory as it stands now; a start after kill -9 (no marker) or on
 * another runtime makes the cache anew. Whether a cache was kept is seen by a file of the test's own
 * in the cache directory, which only a cleared cache loses.
 */
class KeptFrameworkCacheTest {
    private static final String SENTINEL = "e2e-sentinel";

    private Nexcage nx;

    @BeforeEach
    void newDaemon() throws IOException {
        nx = Nexcage.create("nxkc");
    }

    @AfterEach
    void closeDaemon() {
        nx.close();
    }

    private Path framework() {
        return nx.state.resolve("framework");
    }

    private Path marker() {
        return nx.state.resolve("framework.stopped");
    }

    private void plantSentinel() throws IOException {
        Files.writeString(framework().resolve(SENTINEL), "kept");
    }

    private JsonNode awaitSettled(String what, Map<String, String> states) {
        return nx.awaitList(what, l -> states.entrySet().stream()
                .allMatch(e -> plugin(l, e.getKey()).map(p -> state(p).equals(e.getValue())).orElse(false)));
    }

    @Test
    void filesReplacedRemovedAndAddedWhileTheDaemonWasDownAreFollowedOnTheKeptCache() throws Exception {
        Files.copy(Nexcage.HELLO, nx.plugins().resolve(Nexcage.HELLO.getFileName()));
        Files.copy(Nexcage.SHOUT, nx.plugins().resolve(Nexcage.SHOUT.getFileName()));
        Files.copy(Nexcage.LOGGER, nx.plugins().resolve(Nexcage.LOGGER.getFileName()));
        nx.start();
        awaitSettled("hello, shout and custom-logger active", Map.of("hello", "active", "shout", "active", "custom-logger", "active"));
        assertThat(nx.run("plugin", "disable", "shout").exit()).isZero();
        nx.awaitState("shout", "disabled");
        assertThat(marker()).as("no marker while a daemon runs").doesNotExist();
        plantSentinel();
        assertThat(nx.stop()).isNotEqualTo(-1);
        assertThat(marker()).as("an orderly stop leaves the marker").exists();

        // while it is down: hello replaced by 1.0.1, custom-logger removed, audit-hooks added
        Path v101 = PluginJars.withHeaders(Nexcage.HELLO, nx.base.resolve("hello-1.0.1.nexcage-plugin"), Map.of("Bundle-Version", "1.0.1"));
        Files.delete(nx.plugins().resolve(Nexcage.HELLO.getFileName()));
        Files.move(v101, nx.plugins().resolve("hello-1.0.1.nexcage-plugin"), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(nx.plugins().resolve(Nexcage.LOGGER.getFileName()));
        Path audit = Nexcage.ROOT.resolve("examples/audit-hooks/target/audit-hooks-1.0.0.nexcage-plugin");
        Files.copy(audit, nx.plugins().resolve(audit.getFileName()));
        nx.start();

        assertThat(framework().resolve(SENTINEL)).as("the cache was kept").exists();
        assertThat(marker()).as("a start takes the marker away").doesNotExist();
        JsonNode list = awaitSettled("hello 1.0.1 and audit-hooks active, shout still disabled",
                Map.of("hello", "active", "audit-hooks", "active", "shout", "disabled"));
        assertThat(plugin(list, "hello").orElseThrow().get("version").asText()).isEqualTo("1.0.1");
        assertThat(plugin(list, "custom-logger")).as("its file was removed").isEmpty();
        assertThat(nx.run("hello", "Kept").out()).contains("Kept");
        assertThat(nx.run("shout", "x").exit()).as("a disabled plugin's command").isNotZero();
        assertThat(nx.bundleIds()).as("the framework holds no bundle of the removed file").doesNotContainKey("nexcage.example.customlogger");
        nx.stop();
    }

    @Test
    void aCacheLeftByKillNineIsMadeAnewAndTheDaemonStartsCleanly() throws Exception {
        Files.copy(Nexcage.HELLO, nx.plugins().resolve(Nexcage.HELLO.getFileName()));
        nx.start();
        nx.awaitState("hello", "active");
        plantSentinel();
        nx.kill9();
        assertThat(marker()).as("kill -9 leaves no marker").doesNotExist();

        nx.start();
        assertThat(framework().resolve(SENTINEL)).as("the killed daemon's cache was cleared").doesNotExist();
        nx.awaitState("hello", "active");
        assertThat(nx.run("hello", "Again").out()).contains("Again");
        assertThat(nx.daemonLog()).doesNotContain("Exception");
    }

    @Test
    void aCacheOfAnotherRuntimeConfigurationIsMadeAnew() throws Exception {
        Files.copy(Nexcage.HELLO, nx.plugins().resolve(Nexcage.HELLO.getFileName()));
        nx.start();
        plantSentinel();
        nx.stop();
        assertThat(marker()).exists();

        // a launch property overridden: another framework configuration, as a rebuilt runtime would be
        nx.javaOpts("-Dds.loglevel=error");
        nx.start();
        assertThat(framework().resolve(SENTINEL)).doesNotExist();
        nx.awaitState("hello", "active");
        plantSentinel();
        nx.restart();
        assertThat(framework().resolve(SENTINEL)).as("kept again with the same configuration").exists();
        nx.awaitState("hello", "active");

        // and NEXCAGE_JAVA_OPTS=-Dnexcage.framework.keep=false makes it anew at every start, as before
        nx.javaOpts("-Dds.loglevel=error -Dnexcage.framework.keep=false");
        nx.restart();
        assertThat(framework().resolve(SENTINEL)).doesNotExist();
        nx.awaitState("hello", "active");
        nx.stop();
        assertThat(marker()).as("nor is it marked").doesNotExist();
    }

    @Test
    void bndsLauncherTakesAwayAMarkerItCannotVouchFor() throws Exception {
        Files.copy(Nexcage.HELLO, nx.plugins().resolve(Nexcage.HELLO.getFileName()));
        nx.start();
        nx.stop();
        assertThat(marker()).exists();

        nx.daemonEnv("NEXCAGE_LAUNCH", "bnd");
        nx.start();
        assertThat(marker()).as("bnd's launcher makes the cache anew and never marks it").doesNotExist();
        plantSentinel();
        nx.kill9();
        nx.daemonEnv("NEXCAGE_LAUNCH", "atomos");
        nx.start();
        assertThat(framework().resolve(SENTINEL)).as("what the killed bnd launch left is made anew").doesNotExist();
        nx.awaitState("hello", "active");
    }
}
