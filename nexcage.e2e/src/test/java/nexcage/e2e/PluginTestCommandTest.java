package nexcage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code plugin test} runs a plugin's lifecycle in a separate framework and leaves the live one alone. */
class PluginTestCommandTest {
    private static Nexcage nx;

    @BeforeAll
    static void start() throws Exception {
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxe2e"));
        Files.copy(Nexcage.HELLO, nx.plugins().resolve(Nexcage.HELLO.getFileName()));
        nx.start();
    }

    @AfterAll
    static void stop() throws Exception {
        nx.stop();
    }

    @Test
    void testsAnInstalledPluginByName() throws Exception {
        Nexcage.Result r = nx.run("plugin", "test", "hello");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("install: ok (hello 1.0.0)", "start: ok", "init: ok", "health_check: healthy",
                "deinit: ok", "plugin hello: test passed");
        // the live plugin was not touched
        assertThat(nx.run("hello", "still").out()).isEqualTo("Hello, still!\n");
        assertThat(nx.daemonLog()).doesNotContain("Plugin 'hello' shutting down");
    }

    @Test
    void testsAFileThatIsNotInstalled() throws Exception {
        Path logger = Nexcage.ROOT.resolve("examples/custom-logger/target/custom-logger-1.0.0.nexcage-plugin");
        Nexcage.Result r = nx.run("plugin", "test", logger.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("init: ok", "health_check: healthy", "deinit: ok");
        Nexcage.Result list = nx.run("plugin", "list");
        assertThat(list.out()).doesNotContain("custom-logger");
    }

    @Test
    void aPluginWhoseDependencyIsMissingFailsTheTest() throws Exception {
        Path shout = Nexcage.ROOT.resolve("examples/shout/target/shout-1.0.0.nexcage-plugin");
        Path lonely = Files.createTempDirectory(Paths.get("/tmp"), "nxe2e");
        Nexcage other = new Nexcage(lonely);
        other.start();
        try {
            Nexcage.Result r = other.run("plugin", "test", shout.toString());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.out()).contains("start: failed: missing dependency hello [1.0,2)");
            assertThat(r.err()).contains("test failed");
        } finally {
            other.stop();
        }
    }

    @Test
    void anUnknownTargetIsAUsageError() throws Exception {
        Nexcage.Result r = nx.run("plugin", "test", "nosuch");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("neither a file nor an installed plugin");
    }
}
