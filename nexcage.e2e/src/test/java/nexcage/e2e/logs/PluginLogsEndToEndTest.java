package nexcage.e2e.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;
import nexcage.e2e.logs.fixture.LogProbeActivator;
import nexcage.testkit.PluginJar;

/**
 * {@code logs --plugin} and {@code --plugin-debug} on a real daemon: two plugins that log what
 * they are told through their context and the OSGi log (one without the logging capability, so
 * it makes a violation); each plugin's log holds its own lines and the core's about it, and no
 * other plugin's; a debug session shows debug lines only while it runs, for as long as any
 * client debugs the plugin.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginLogsEndToEndTest {
    private static Nexcage nx;

    @BeforeAll
    static void start() throws Exception {
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxpl"));
        probe("logp-a", "logging");
        probe("logp-b", "");
        nx.start();
        for (String p : List.of("logp-a", "logp-b")) {
            Nexcage.await(p + " initialized", Nexcage.START_WAIT, () -> nx.run("logs", "--plugin", p).out(),
                    o -> o.contains("plugin " + p + " initialized") && o.contains("command '" + p + "' of plugin " + p + " is available"));
        }
    }

    @AfterAll
    static void stop() {
        if (nx != null) {
            nx.stopAndClose();
        }
    }

    private static void probe(String command, String capabilities) throws IOException {
        PluginJar.corpusPlugin(command, "e2e.fixture", command.replace('-', '.'), "plugin log tests")
                .header("Bundle-Activator", LogProbeActivator.class.getName())
                .header("NexCage-Capabilities", capabilities.isEmpty() ? null : capabilities)
                .header("Import-Package", "nexcage.api;version=\"[1.0,2)\",nexcage.api.cli;version=\"[1.0,2)\",nexcage.api.hooks;version=\"[1.0,2)\","
                        + "org.osgi.framework;version=\"[1.8,2)\",org.osgi.service.log;version=\"[1.4,2)\"")
                .header("Probe-Command", command)
                .classFrom(PluginLogsEndToEndTest.class.getClassLoader(), LogProbeActivator.class.getName())
                .writeTo(nx.plugins().resolve(command + "-1.0.0.nexcage-plugin"));
    }

    private static Nexcage.Result ok(String... args) {
        Nexcage.Result r = nx.run(args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r + "\ndaemon:\n" + nx.daemonLog()).isZero();
        return r;
    }

    private static String pluginLog(String plugin) {
        return ok("logs", "--plugin", plugin).out();
    }

    @Test
    @Order(1)
    void aPluginsLogHoldsItsOwnLinesAndTheCoresAboutItAndNoOtherPlugins() {
        ok("logp-a", "say", "info", "A-INFO-1");
        ok("logp-a", "say", "warn", "A-WARN-1");
        ok("logp-a", "say", "debug", "A-DEBUG-0");
        ok("logp-a", "say", "info", "HOOK-FAIL");
        assertThat(nx.run("logp-b", "say", "info", "B-INFO-1").out()).isEqualTo("denied\n");

        String a = Nexcage.await("logp-a's OSGi line in its log", Nexcage.WAIT, () -> pluginLog("logp-a"),
                o -> o.contains("A-WARN-1 (osgi)"));
        assertThat(a).contains("INFO  [logp-a] A-INFO-1 (context)").contains("INFO  [logp-a] A-INFO-1 (osgi)")
                .contains("WARN  [logp-a] A-WARN-1 (context)")
                .contains("INFO  [plugins] installed plugin logp-a 1.0.0 from logp-a-1.0.0.nexcage-plugin")
                .contains("INFO  [plugins] plugin logp-a 1.0.0 is active")
                .contains("[hooks/logp-a] hook cli.post_command: handler of plugin logp-a failed")
                .as("below the daemon's level").doesNotContain("A-DEBUG-0")
                .as("another plugin's lines").doesNotContain("logp-b").doesNotContain("B-INFO-1");
        String b = Nexcage.await("logp-b's violation in its log", Nexcage.WAIT, () -> pluginLog("logp-b"),
                o -> o.contains("B-INFO-1 (osgi)") && o.contains("was denied"));
        assertThat(b).contains("WARN  [security] plugin logp-b was denied").doesNotContain("B-INFO-1 (context)").doesNotContain("logp-a");
        assertThat(nx.state.resolve("logs/plugins/logp-a.log")).exists();
        assertThat(nx.logFileText()).as("the daemon log has every line still").contains("A-INFO-1 (context)").contains("B-INFO-1 (osgi)");
    }

    @Test
    @Order(2)
    void levelTailAndJsonSelectAndShapeTheLines() throws Exception {
        String warn = ok("logs", "--plugin", "logp-a", "--level", "warn").out();
        assertThat(warn).contains("A-WARN-1 (context)").doesNotContain("A-INFO-1").doesNotContain(" INFO ");
        assertThat(ok("logs", "--plugin", "logp-a", "-n", "1", "--level=warn").outLines()).singleElement().asString()
                .contains("handler of plugin logp-a failed");
        assertThat(ok("logs", "--plugin", "logp-a", "-n", "3", "--level", "warn").outLines()).hasSize(3)
                .allSatisfy(l -> assertThat(l).contains(" WARN  ["));
        List<String> json = ok("logs", "--plugin", "logp-a", "--json").outLines();
        assertThat(json).hasSizeGreaterThan(4);
        for (String line : json) {
            JsonNode o = Nexcage.JSON.readTree(line);
            assertThat(o.get("plugin").asText()).isEqualTo("logp-a");
            assertThat(o.get("level").asText()).isIn("error", "warn", "info", "debug", "trace");
            assertThat(o.has("time") && o.has("source") && o.has("message")).as(line).isTrue();
        }
        assertThat(json).anySatisfy(l -> assertThat(l).contains("\"source\":\"logp-a\"").contains("\"message\":\"A-WARN-1 (context)\""));

        Nexcage.Result unknown = nx.run("logs", "--plugin", "no-such-plugin");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.errLines()).singleElement().asString().contains("'no-such-plugin'").contains("nexcage plugin list");
        assertThat(nx.run("logs", "--plugin").exit()).isEqualTo(2);
        assertThat(nx.run("logs", "--plugin", "logp-a", "--level", "loud").exit()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void followShowsALineWrittenAfterItStartedAndEndsOnTheClientsInt() throws Exception {
        Path out = Files.createTempFile(nx.base, "follow", ".out");
        Path err = Files.createTempFile(nx.base, "follow", ".err");
        Process f = nx.spawn(out, err, "logs", "--plugin", "logp-a", "-f", "--level", "info");
        Nexcage.await("the history", Nexcage.WAIT, () -> read(out), o -> o.contains("A-WARN-1 (context)"));
        ok("logp-a", "say", "info", "FOLLOWED-1");
        Nexcage.await("the new lines", Nexcage.WAIT, () -> read(out), o -> o.contains("FOLLOWED-1 (context)") && o.contains("FOLLOWED-1 (osgi)"));
        signal("INT", f);
        assertThat(f.waitFor(10, TimeUnit.SECONDS)).as("logs -f ends on INT").isTrue();
        assertThat(read(out)).doesNotContain("logp-b");
    }

    @Test
    @Order(4)
    void pluginDebugShowsDebugLinesWhileItsCommandRunsAndKeepsThemInTheLog() {
        ok("logp-a", "say", "debug", "BEFORE");
        Nexcage.Result r = ok("--plugin-debug", "logp-a", "logp-a", "say", "debug", "DURING");
        assertThat(r.out()).as("stdout is the command's").isEqualTo("said debug\n");
        assertThat(r.err()).contains("DEBUG [logp-a] DURING (context)").contains("DEBUG [logp-a] DURING (osgi)")
                .doesNotContain("BEFORE").as("not at trace unless asked").doesNotContain(" TRACE ");
        ok("logp-a", "say", "debug", "AFTER");
        assertThat(nx.run("--plugin-debug", "logp-a", "logp-a", "exit", "4").exit()).as("the command's exit status").isEqualTo(4);

        String log = pluginLog("logp-a");
        assertThat(log).as("debug lines of a debug session are kept").contains("DURING (context)").contains("DURING (osgi)")
                .doesNotContain("BEFORE").doesNotContain("AFTER");

        nx.env.put("NEXCAGE_LOG_LEVEL", "trace");
        try {
            Nexcage.Result trace = ok("--plugin-debug", "logp-a", "logp-a", "say", "trace", "FINE");
            assertThat(trace.err()).contains("TRACE [logp-a] FINE (context)").contains("TRACE [logp-a] FINE (osgi)");
        } finally {
            nx.env.remove("NEXCAGE_LOG_LEVEL");
        }
        Nexcage.Result unknown = nx.run("--plugin-debug", "no-such-plugin", "logp-a", "say", "info", "X");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.errLines()).singleElement().asString().contains("'no-such-plugin'").contains("nexcage plugin list");
        assertThat(unknown.out()).as("the command did not run").isEmpty();
    }

    @Test
    @Order(5)
    void twoClientsDebugAPluginAtOnceAndItsLevelGoesBackWhenTheLastLeaves() throws Exception {
        int endedBefore = sessionsEnded();
        Path out = Files.createTempFile(nx.base, "debug", ".out");
        Path err = Files.createTempFile(nx.base, "debug", ".err");
        Process first = nx.spawn(out, err, "--plugin-debug", "logp-a");
        Nexcage.await("the first session", Nexcage.WAIT, () -> read(err), e -> e.contains("follows; Ctrl-C ends it"));

        Nexcage.Result second = ok("--plugin-debug", "logp-a", "logp-a", "say", "debug", "SECOND");
        assertThat(second.err()).contains("SECOND (context)");
        ok("logp-a", "say", "debug", "FIRST-ONLY");
        Nexcage.await("the first client still streams after the second left", Nexcage.WAIT, () -> read(err),
                e -> e.contains("SECOND (context)") && e.contains("FIRST-ONLY (context)") && e.contains("FIRST-ONLY (osgi)"));

        signal("INT", first);
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Nexcage.await("both sessions ended in the daemon", Nexcage.WAIT, PluginLogsEndToEndTest::sessionsEnded, n -> n == endedBefore + 2);
        ok("logp-a", "say", "debug", "NOBODY-DEBUGS");
        ok("logp-a", "say", "info", "MARK");
        Nexcage.await("the OSGi line after it", Nexcage.WAIT, () -> pluginLog("logp-a"), o -> o.contains("MARK (osgi)"));
        assertThat(pluginLog("logp-a")).doesNotContain("NOBODY-DEBUGS");
    }

    @Test
    @Order(6)
    void aRemovedPluginsLogGoesWithIt() {
        ok("plugin", "remove", "logp-b");
        nx.awaitGone("logp-b");
        assertThat(nx.state.resolve("logs/plugins/logp-b.log")).doesNotExist();
        Nexcage.Result r = nx.run("logs", "--plugin", "logp-b");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(pluginLog("logp-a")).doesNotContain("logp-b");
    }

    @Test
    @Order(7)
    void anUnknownLevelForTheDaemonIsRefusedInOneLine() {
        nx.env.put("NEXCAGE_LOG_LEVEL", "verbose");
        try {
            Nexcage.Result r = nx.run("daemon");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.errLines()).containsExactly(
                    "nexcage: NEXCAGE_LOG_LEVEL='verbose' is not a log level; use error, warn, info, debug or trace (unset, it is info)");
        } finally {
            nx.env.remove("NEXCAGE_LOG_LEVEL");
        }
        assertThat(nx.alive()).isTrue();
    }

    private static int sessionsEnded() {
        return pluginLog("logp-a").split("a client stopped debugging plugin logp-a", -1).length - 1;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the client a signal as a terminal would (the launcher execs its client, so the process is the client). */
    private static void signal(String sig, Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
}
