package nexcage.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;
import nexcage.e2e.containers.Engine;
import nexcage.e2e.integrations.fixture.EchoIntegration;
import nexcage.e2e.integrations.EchoIntegrationJar;
import nexcage.e2e.sandbox.fixture.MonitorProbe;
import nexcage.testkit.PluginJar;

/**
 * Extensions a sandboxed plugin registers work as in-process ones (issue 17): image-policy's
 * security extension, in a child process by config.yaml, allows and refuses container creates on
 * the real engine; the fixture integration, likewise sandboxed, is listed connected and answers
 * {@code integration send}; a sandboxed monitoring extension is called across the bridge with the
 * runtime's snapshot, in which its plugin's health (also a call across) shows, its collected
 * values come back in the next snapshot, and a health change reaches it as an alert.
 */
class SandboxedExtensionsEndToEndTest {
    private static final Path POLICY = Nexcage.ROOT.resolve("examples/image-policy/target/image-policy-1.0.0.nexcage-plugin");
    private final String prefix = "nxsbxe" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private final String other = "nexcage-other/" + prefix + ":latest";
    private Nexcage nx;

    @AfterEach
    void stop() throws Exception {
        if (nx != null) {
            nx.stopAndClose();
        }
        Engine.removeAll(prefix);
        Engine.docker("rmi", other);
    }

    @Test
    void aSandboxedSecurityExtensionAllowsAndRefusesContainerCreates() throws Exception {
        SandboxEndToEndTest.requireHost();
        Engine.require();
        assertThat(Engine.docker("tag", Engine.IMAGE, other).exit()).isZero();
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxsbxp"));
        Files.copy(POLICY, nx.plugins().resolve(POLICY.getFileName()));
        nx.writeConfig("plugins:\n  image-policy:\n    sandbox: process\n    config:\n      allow: \"nexcage-test/*\"\n");
        nx.start();
        nx.awaitState("image-policy", "active");
        assertThat(Nexcage.plugin(nx.list(), "image-policy").orElseThrow().get("sandbox").asText()).isEqualTo("process");
        Nexcage.await("a healthy docker backend", Nexcage.START_WAIT, () -> nx.run("backend", "list", "--json").out(),
                Engine::dockerHealthy);

        Nexcage.Result ok = nx.run("create", "--name", prefix + "-ok", Engine.IMAGE, "sh");
        assertThat(ok.exit()).as(ok.toString()).isZero();
        Nexcage.Result no = nx.run("create", "--name", prefix + "-no", other, "sh");
        assertThat(no.exit()).as(no.toString()).isEqualTo(1);
        assertThat(no.err()).contains("refused by security extension image-policy");
        assertThat(Engine.docker("ps", "-aq", "--filter", "name=^/" + prefix + "-no").out()).as("no container was made").isBlank();
        assertThat(Engine.docker("ps", "-aq", "--filter", "name=^/" + prefix + "-ok").out()).as("the allowed one was made").isNotBlank();
    }

    @Test
    void aSandboxedIntegrationIsListedConnectedAndAnswers() throws Exception {
        SandboxEndToEndTest.requireHost();
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxsbxi"));
        EchoIntegrationJar.build().writeTo(nx.plugins().resolve("echo-integration-1.0.0.nexcage-plugin"));
        nx.writeConfig("plugins:\n  echo-integration:\n    sandbox: process\n");
        nx.start();
        nx.awaitState("echo-integration", "active");
        assertThat(Nexcage.plugin(nx.list(), "echo-integration").orElseThrow().get("sandbox").asText()).isEqualTo("process");

        JsonNode echo = Nexcage.await("integration list to show the sandboxed echo connected", Nexcage.START_WAIT,
                () -> nx.json("integration", "list", "--json"), l -> l.size() == 1 && l.get(0).get("state").asText().equals("connected"))
                .get(0);
        assertThat(echo.get("name").asText()).isEqualTo(EchoIntegration.NAME);
        assertThat(echo.get("plugin").asText()).isEqualTo("echo-integration");

        Nexcage.Result sent = nx.run("integration", "send", EchoIntegration.NAME, "{\"ping\": \"x\", \"n\": 2}");
        assertThat(sent.exit()).as(sent.toString()).isZero();
        assertThat(Nexcage.JSON.readTree(sent.out())).isEqualTo(Nexcage.JSON.readTree("{\"echo\": {\"ping\": \"x\", \"n\": 2}}"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aSandboxedMonitoringExtensionGetsTheSnapshotWithItsHealthAndAlerts() throws Exception {
        SandboxEndToEndTest.requireHost();
        nx = Nexcage.withHello("nxsbxm");
        Path out = nx.state.resolve("data/monitor-probe/export.txt");
        PluginJar probe = PluginJar.corpusPlugin("monitor-probe", "e2e.fixture", "monitor", "monitoring tests")
                .header("Bundle-Activator", MonitorProbe.class.getName())
                .header("Import-Package", "nexcage.api;version=\"[1.0,2)\",nexcage.api.monitoring;version=\"[1.0,2)\","
                        + "org.osgi.framework;version=\"[1.8,2)\"")
                .header("Probe-Out", out.toString());
        probe.classFrom(MonitorProbe.class.getClassLoader(), MonitorProbe.class.getName());
        probe.writeTo(nx.plugins().resolve("monitor-probe-1.0.0.nexcage-plugin"));
        nx.writeConfig("runtime:\n  metrics:\n    interval: 1\nplugins:\n  monitor-probe:\n    sandbox: process\n");
        nx.start();
        nx.awaitState("monitor-probe", "active");
        PluginPlacement.SANDBOXED.assertRunsHere(nx, "monitor-probe");

        // export crossed with the snapshot: the plugin's health (its healthCheck crossed too) and,
        // from the round after the first, what its collect answered under its extension's name
        String exported = Nexcage.await("an export with monitor-probe healthy and its collected count", Nexcage.START_WAIT,
                () -> read(out), s -> s.contains("nexcage_plugin_healthy{plugin=\"monitor-probe\"}=1.0\n")
                        && s.contains("nexcage_plugin_healthy{plugin=\"hello\"}=1.0\n") && s.contains(MonitorProbe.NAME + ".exports="));
        assertThat(exported).contains("nexcage_plugins{state=\"active\"}=").contains("nexcage_violations=")
                .contains("nexcage_plugin_calls{plugin=\"monitor-probe\"}=");
        assertThat(Nexcage.plugin(nx.list(), "monitor-probe").orElseThrow().get("health").asText()).isEqualTo("healthy");

        // a health change reaches it as an alert
        assertThat(nx.run("plugin", "disable", "hello").exit()).isZero();
        String alerts = Nexcage.await("an alert about hello's health", Nexcage.WAIT, () -> read(out.resolveSibling("alerts.txt")),
                s -> s.contains("plugin hello is "));
        assertThat(alerts).contains("(was healthy)");

        // a call is counted as it returns, which is after the probe wrote its alert down
        JsonNode entries = Nexcage.await("the alert call counted in plugin stats", Nexcage.WAIT,
                () -> nx.json("plugin", "stats", "monitor-probe", "--json").get("by_entry"),
                e -> e.path("monitoring:alert").path("calls").asLong() > 0);
        assertThat(entries.path("monitoring:export").path("calls").asLong()).as(entries.toPrettyString()).isPositive();
        assertThat(entries.path("monitoring:export").path("errors").asLong()).as(entries.toPrettyString()).isZero();
    }
}
