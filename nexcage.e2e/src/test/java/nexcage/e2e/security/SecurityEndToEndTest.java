package nexcage.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;
import nexcage.e2e.security.fixture.ExitingCode;
import nexcage.e2e.security.fixture.HiddenLookupActivator;
import nexcage.e2e.security.fixture.ViolationWatcherActivator;
import nexcage.testkit.PluginJar;

/**
 * Capabilities enforced, through the launcher (DESIGN §5): violations are listed and survive a
 * restart, {@code runtime.security.max_violations} disables a plugin with its reason until
 * {@code plugin enable}, each violation fires {@code security.violation}, {@code plugin audit}
 * answers in JSON with its exit status, and {@code audit: enforce} rejects a plugin with a high
 * finding.
 */
class SecurityEndToEndTest {
    private static final String RFC3339_UTC = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";
    private static final String OSGI_IMPORT = "org.osgi.framework;version=\"[1.8,2)\"";

    private Nexcage nx;

    @AfterEach
    void stop() {
        if (nx != null && nx.alive()) {
            nx.stop();
        }
    }

    private static PluginJar nosy() {
        return PluginJar.corpusPlugin("nosy", "e2e.fixture", "nosy", "security tests")
                .header("Bundle-Activator", HiddenLookupActivator.class.getName())
                .header("Import-Package", OSGI_IMPORT)
                .classFrom(SecurityEndToEndTest.class.getClassLoader(), HiddenLookupActivator.class.getName());
    }

    private static PluginJar quitter() {
        return PluginJar.corpusPlugin("quitter", "e2e.fixture", "quitter", "security tests")
                .classFrom(SecurityEndToEndTest.class.getClassLoader(), ExitingCode.class.getName());
    }

    private static PluginJar clean() {
        return PluginJar.corpusPlugin("clean", "e2e.fixture", "clean", "security tests");
    }

    private JsonNode violationsOf(String plugin) {
        JsonNode all = nx.json("plugin", "violations", plugin, "--json");
        assertThat(all.isArray()).as(all.toPrettyString()).isTrue();
        return all;
    }

    private JsonNode awaitDisabled(String name) {
        JsonNode list = nx.awaitList("plugin " + name + " disabled by the security policy", Nexcage.START_WAIT,
                l -> Nexcage.plugin(l, name).map(p -> Nexcage.state(p).equals("disabled")).orElse(false));
        return Nexcage.plugin(list, name).orElseThrow();
    }

    @Test
    void maxViolationsDisablesAPluginWhoseViolationsAreListedFiredAsHooksAndKeptAcrossARestart() throws Exception {
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxsec"));
        Path watched = nx.base.resolve("violation-hooks.txt");
        nosy().writeTo(nx.plugins().resolve("nosy-1.0.0.nexcage-plugin"));
        PluginJar.corpusPlugin("violation-watcher", "e2e.fixture", "watcher", "security tests")
                .header("Bundle-Activator", ViolationWatcherActivator.class.getName())
                .header("Import-Package", "nexcage.api.hooks;version=\"[1.0,2)\"," + OSGI_IMPORT)
                .header("Watch-File", watched.toString())
                .classFrom(getClass().getClassLoader(), ViolationWatcherActivator.class.getName())
                .writeTo(nx.plugins().resolve("violation-watcher-1.0.0.nexcage-plugin"));
        nx.writeConfig("runtime:\n  security:\n    max_violations: 3\n");
        nx.start();

        String reason = "disabled after 4 violations (runtime.security.max_violations is 3); see nexcage plugin violations nosy";
        assertThat(Nexcage.reason(awaitDisabled("nosy"))).isEqualTo(reason);
        assertThat(Nexcage.reason(nx.json("plugin", "info", "nosy", "--json"))).isEqualTo(reason);
        assertThat(nx.run("plugin", "list").out()).contains(reason);

        JsonNode v = Nexcage.await("the five look-ups counted", Nexcage.WAIT, () -> violationsOf("nosy"),
                a -> a.size() == 1 && a.get(0).path("count").asLong() == HiddenLookupActivator.LOOKUPS);
        JsonNode one = v.get(0);
        assertThat(one.get("plugin").asText()).isEqualTo("nosy");
        assertThat(one.get("kind").asText()).isEqualTo("hidden_service");
        assertThat(one.get("time").asText()).matches(RFC3339_UTC);
        assertThat(one.has("capability") && one.get("capability").isNull()).as("no capability allows a hidden service: %s", one).isTrue();
        assertThat(one.get("operation").asText() + " " + one.get("detail").asText()).contains(HiddenLookupActivator.HIDDEN);
        assertThat(nx.json("plugin", "violations", "--json")).as("every plugin's").hasSize(1);

        Nexcage.Result table = nx.run("plugin", "violations", "nosy");
        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.outLines().get(0)).matches("TIME +PLUGIN +KIND +CAPABILITY +OPERATION +DETAIL +COUNT");
        assertThat(table.outLines().get(1)).contains("hidden_service");
        assertThat(table.outLines().get(1)).contains("nosy").endsWith(" " + HiddenLookupActivator.LOOKUPS);
        Nexcage.Result ghost = nx.run("plugin", "violations", "ghost");
        assertThat(ghost.exit()).isEqualTo(1);
        assertThat(ghost.err()).contains("no plugin named 'ghost'").hasLineCount(1);

        // the responder logs the disable once the plugin is disabled, which the list may show first
        Nexcage.await("the log line about nosy's disable", Nexcage.WAIT, nx::logFileText, t -> t.contains("[security] plugin nosy " + reason));
        assertThat(nx.logFileText()).contains("[security] plugin nosy was denied service.lookup (" + HiddenLookupActivator.HIDDEN + "), which no plugin may do");
        assertThat(nx.json("plugin", "info", "violation-watcher", "--json").has("capabilities_used")).isTrue();

        nx.restart();
        assertThat(Nexcage.reason(awaitDisabled("nosy"))).as("kept disabled, with its reason, across a restart").isEqualTo(reason);
        assertThat(violationsOf("nosy").get(0).get("count").asLong()).as("the record survives the restart")
                .isEqualTo(HiddenLookupActivator.LOOKUPS);

        Nexcage.Result enable = nx.run("plugin", "enable", "nosy");
        assertThat(enable.exit()).as(enable.toString()).isZero();
        Nexcage.await("the look-ups after the enable counted", Nexcage.START_WAIT, () -> violationsOf("nosy"),
                a -> a.get(0).path("count").asLong() == 2L * HiddenLookupActivator.LOOKUPS);
        assertThat(Nexcage.reason(awaitDisabled("nosy"))).as("counted again from the enable").isEqualTo(reason);

        // the watcher was there before this round (at boot, plugins start in no set order)
        List<String> hooks = Nexcage.await("a security.violation hook per violation", Nexcage.WAIT, () -> lines(watched),
                l -> l.stream().anyMatch(h -> h.endsWith(" count=" + 2 * HiddenLookupActivator.LOOKUPS)));
        assertThat(hooks).allMatch(l -> l.startsWith("plugin=nosy capability=none operation=")).hasSizeGreaterThanOrEqualTo(HiddenLookupActivator.LOOKUPS);
    }

    @Test
    void onViolationDisableDisablesAPluginAtItsFirstViolation() throws Exception {
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxdis"));
        nosy().writeTo(nx.plugins().resolve("nosy-1.0.0.nexcage-plugin"));
        nx.writeConfig("runtime:\n  security:\n    on_violation: disable\n");
        nx.start();
        assertThat(Nexcage.reason(awaitDisabled("nosy"))).isEqualTo("disabled at its first capability violation "
                + "(runtime.security.on_violation is disable): service.lookup (" + HiddenLookupActivator.HIDDEN
                + "), which no plugin may do; see nexcage plugin violations nosy");
        String disabled = "[security] plugin nosy disabled at its first capability violation";
        // logged once the disable is done, which the list may show first
        String log = Nexcage.await("the log line about nosy's disable", Nexcage.WAIT, nx::logFileText, t -> t.contains(disabled));
        assertThat(log).as("disabled once, however many violations came before it stopped").containsOnlyOnce(disabled);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void pluginAuditAnswersInJsonWithExitZeroForACleanPluginAndOneForABadOne() throws Exception {
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxaud"));
        clean().writeTo(nx.plugins().resolve("clean-1.0.0.nexcage-plugin"));
        Path bad = quitter().writeTo(nx.base.resolve("quitter-1.0.0.nexcage-plugin"));
        nx.start();
        nx.awaitState("clean", "active");

        Nexcage.Result byName = nx.run("plugin", "audit", "clean", "--json");
        assertThat(byName.exit()).as(byName.toString()).isZero();
        JsonNode ok = Nexcage.JSON.readTree(byName.out());
        assertThat(ok.get("plugin").asText()).isEqualTo("clean");
        assertThat(ok.get("version").asText()).isEqualTo("1.0.0");
        assertThat(ok.get("ok").asBoolean()).isTrue();
        assertThat(ok.get("findings").isArray()).isTrue();
        assertThat(nx.run("plugin", "audit", "clean").out()).contains("plugin clean 1.0.0");

        // a relative path, made absolute by the launcher
        Nexcage.Result byFile = nx.runIn(nx.base, "plugin", "audit", bad.getFileName().toString(), "--json");
        assertThat(byFile.exit()).as(byFile.toString()).isEqualTo(1);
        JsonNode report = Nexcage.JSON.readTree(byFile.out());
        assertThat(report.get("plugin").asText()).isEqualTo("quitter");
        assertThat(report.get("ok").asBoolean()).isFalse();
        JsonNode exit = Nexcage.entries(report.get("findings")).stream().filter(f -> f.get("rule").asText().equals("system_exit"))
                .findFirst().orElseThrow(() -> new AssertionError("no system_exit finding: " + report.toPrettyString()));
        assertThat(exit.get("capability").isNull()).isTrue();
        assertThat(exit.get("severity").asText()).isEqualTo("high");
        assertThat(exit.get("class").asText()).isEqualTo(ExitingCode.class.getName());
        assertThat(exit.get("method").asText()).startsWith("quit(");
        assertThat(exit.get("detail").asText()).isNotEmpty();
        Nexcage.Result text = nx.run("plugin", "audit", bad.toString());
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.out()).contains("system_exit").contains(ExitingCode.class.getName());

        Nexcage.Result neither = nx.run("plugin", "audit", "nonesuch");
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("'nonesuch' is neither a file nor an installed plugin");
    }

    @Test
    void enforceRejectsAPluginWithAHighFindingWithTheFindingAsItsReasonAndWarnLetsItIn() throws Exception {
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxenf"));
        clean().writeTo(nx.plugins().resolve("clean-1.0.0.nexcage-plugin"));
        quitter().writeTo(nx.plugins().resolve("quitter-1.0.0.nexcage-plugin"));
        nx.writeConfig("runtime:\n  security:\n    audit: enforce\n");
        nx.start();

        JsonNode list = nx.awaitList("quitter rejected by the audit", Nexcage.START_WAIT,
                l -> Nexcage.rejected(l, "quitter-1.0.0.nexcage-plugin").isPresent() && Nexcage.plugin(l, "clean").isPresent());
        assertThat(Nexcage.reason(Nexcage.rejected(list, "quitter-1.0.0.nexcage-plugin").orElseThrow()))
                .startsWith("audit: system_exit in " + ExitingCode.class.getName() + ".quit() (")
                .contains("System.exit").endsWith("; remove it from the plugin");
        nx.awaitState("clean", "active");
        assertThat(nx.run("plugin", "list").out()).contains("audit: system_exit in " + ExitingCode.class.getName());

        nx.writeConfig("runtime:\n  security:\n    audit: warn\n");
        nx.awaitState("quitter", "active");
        assertThat(Nexcage.await("the finding logged at install", Nexcage.WAIT, nx::logFileText,
                t -> t.contains("quitter: audit: system_exit in " + ExitingCode.class.getName()))).isNotEmpty();
    }
}
