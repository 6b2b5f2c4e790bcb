package nexcage.e2e.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Paths;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nexcage.e2e.Nexcage;
import nexcage.e2e.logs.fixture.LoggingActivator;
import nexcage.testkit.PluginJar;

/**
 * What a plugin logs through the OSGi log reaches the daemon's log file under the plugin's name,
 * with its cause's stack trace, at the daemon's level; the client's terminal gets none of it.
 */
class OsgiLogEndToEndTest {
    private Nexcage nx;

    @AfterEach
    void stop() {
        if (nx != null && nx.alive()) {
            nx.stop();
        }
    }

    @Test
    void aPluginsLoggerFactoryLinesReachNexcageLogUnderItsPluginName() throws Exception {
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxlog"));
        PluginJar.corpusPlugin("log-fixture", "e2e.fixture", "logging", "daemon log tests")
                .header("Bundle-Activator", LoggingActivator.class.getName())
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\",org.osgi.service.log;version=\"[1.4,2)\"")
                .classFrom(getClass().getClassLoader(), LoggingActivator.class.getName())
                .writeTo(nx.plugins().resolve("log-fixture-1.0.0.nexcage-plugin"));
        nx.start();

        String log = Nexcage.await("the fixture's lines in nexcage.log", Nexcage.START_WAIT, nx::logFileText,
                t -> t.contains(LoggingActivator.INFO_LINE) && t.contains(LoggingActivator.CAUSE));
        assertThat(log).contains("INFO  [log-fixture] " + LoggingActivator.INFO_LINE)
                .contains("ERROR [log-fixture] " + LoggingActivator.ERROR_LINE)
                .contains("java.lang.IllegalStateException: " + LoggingActivator.CAUSE)
                .contains("at " + LoggingActivator.class.getName() + ".start(")
                .as("below the daemon's level (info), and events would flood it")
                .doesNotContain(LoggingActivator.DEBUG_LINE).doesNotContain("BundleEvent").doesNotContain("ServiceEvent");
        assertThat(nx.daemonLog()).as("the daemon's own stderr has the line too")
                .contains("ERROR [log-fixture] " + LoggingActivator.ERROR_LINE);
        Nexcage.Result list = nx.run("plugin", "list");
        assertThat(list.err()).as("the client's terminal").doesNotContain(LoggingActivator.CAUSE);
    }
}
