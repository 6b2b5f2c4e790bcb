package nexcage.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;
import nexcage.e2e.sandbox.fixture.SandboxProbe;
import nexcage.testkit.PluginJar;

/**
 * Sandboxed plugins through the launcher (issue 17), as root on a host with bubblewrap and cgroups:
 * hello put in a process of its own by config.yaml answers as it does in the daemon, with its
 * configuration; probe plugins that ask for the sandbox by header find their limits: one that
 * allocates past {@code max_memory_mb} is killed, restarted once and left failed with the reason;
 * one that writes outside its directories gets a read-only error; one without network capabilities
 * cannot reach a listener on 127.0.0.1; a thread bomb stops at its pids limit. The daemon and hello
 * answer throughout, and disable, enable and remove work as for any plugin. The hook, command and
 * configuration cases of in-process plugins run sandboxed in the Sandboxed* subclasses of their
 * tests (HooksEndToEndTest, LauncherEndToEndTest, ConfigLiveEditTest; {@link PluginPlacement}).
 */
class SandboxEndToEndTest {
    private static final Duration DEATH_WAIT = Duration.ofSeconds(60);
    private Nexcage nx;

    @AfterEach
    void stop() {
        if (nx != null) {
            nx.stopAndClose();
        }
    }

    /** Fails, never skips (tests do not silently skip in CI), when the host cannot sandbox. */
    static void requireHost() {
        if (!("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/bwrap"))
                && Files.isDirectory(Path.of("/sys/fs/cgroup")))) {
            fail("the sandbox e2e tests need root, /usr/bin/bwrap and /sys/fs/cgroup; run them through ./test.sh as root, "
                    + "which installs bubblewrap and python3-seccomp");
        }
    }

    private PluginJar probe(String name, String action, String resources, String capabilities) {
        Path out = nx.state.resolve("data").resolve(name).resolve("probe.txt");
        PluginJar jar = PluginJar.corpusPlugin(name, "e2e.sandbox", name.replace('-', '.'), "sandbox tests")
                .header("Bundle-Activator", SandboxProbe.class.getName())
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\"")
                .header("NexCage-Sandbox", "process")
                .header("NexCage-Resources", resources)
                .header("NexCage-Capabilities", capabilities)
                .header("Probe-Action", action)
                .header("Probe-Out", out.toString());
        jar.classFrom(SandboxProbe.class.getClassLoader(), SandboxProbe.class.getName());
        return jar;
    }

    private String probeOutput(String name, String until) {
        Path out = nx.state.resolve("data").resolve(name).resolve("probe.txt");
        return Nexcage.await(name + "'s probe output with '" + until + "'", DEATH_WAIT, () -> {
            try {
                return Files.exists(out) ? Files.readString(out) : "";
            } catch (IOException e) {
                return "";
            }
        }, s -> s.contains(until));
    }

    private void assertDaemonAndHelloAnswer() {
        Nexcage.Result r = nx.run("hello", "World");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("Hi, World!\n");
    }

    @Test
    void sandboxedPluginsWorkAndMeetTheirLimitsWhileTheDaemonAnswers() throws Exception {
        requireHost();
        nx = Nexcage.withHello("nxsbx");
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            nx.writeConfig("runtime:\n  security:\n    sandbox_restarts: 1\nplugins:\n  hello:\n    sandbox: process\n"
                    + "    config:\n      greeting: \"Hi\"\n");
            probe("probe-write", "write", "max_memory_mb=64", null).writeTo(nx.plugins().resolve("probe-write-1.0.0.nexcage-plugin"));
            probe("probe-net", "connect:" + listener.getLocalPort(), "max_memory_mb=64", "filesystem_read")
                    .writeTo(nx.plugins().resolve("probe-net-1.0.0.nexcage-plugin"));
            nx.start();

            // hello, sandboxed by config.yaml, answers with its configuration as in the daemon
            nx.awaitState("hello", "active");
            assertDaemonAndHelloAnswer();
            JsonNode hello = nx.json("plugin", "info", "hello", "--json");
            assertThat(hello.get("sandbox").asText()).isEqualTo("process");
            assertThat(hello.get("pid").asLong()).as(hello.toPrettyString()).isPositive();
            assertThat(hello.get("sandbox_not_applied")).as("bubblewrap, cgroups, prlimit and seccomp all apply here: %s", hello).isEmpty();
            assertThat(hello.get("limits_not_enforced").toString()).doesNotContain("max_memory_mb");
            Nexcage.Result table = nx.run("plugin", "list");
            assertThat(table.outLines()).anyMatch(l -> l.startsWith("hello ") && l.contains(" process "));
            assertThat(table.outLines()).anyMatch(l -> l.startsWith("docker ") && l.contains(" - "));
            JsonNode list = nx.list();
            assertThat(Nexcage.plugin(list, "docker").orElseThrow().get("sandbox").asText()).isEqualTo("none");
            JsonNode stats = nx.json("plugin", "stats", "hello", "--json");
            assertThat(stats.get("sandbox").get("memory_bytes").asLong()).as(stats.toPrettyString()).isPositive();
            assertThat(stats.get("threads").asInt()).as("the child's tasks, the JVM's own included: %s", stats).isGreaterThan(10);
            assertThat(stats.get("sandbox").get("tasks").asInt()).as(stats.toPrettyString()).isGreaterThan(10);

            // writes outside its directories fail on the read-only root; its data directory takes them
            String written = probeOutput("probe-write", "wrote its data directory");
            assertThat(written).contains("cannot write /etc/nexcage-sandbox-probe").contains("Read-only file system")
                    .doesNotContain("wrote /etc", "wrote /usr", "wrote /root");
            assertThat(Path.of("/etc/nexcage-sandbox-probe")).doesNotExist();

            // without network_client or network_server it has no network at all
            String connected = probeOutput("probe-net", "connect");
            assertThat(connected).startsWith("cannot connect").doesNotContain("connected\n");
            assertDaemonAndHelloAnswer();

            // past max_memory_mb: killed, restarted once, then left failed with the reason
            probe("probe-hog", "memory", "max_memory_mb=32", null).writeTo(nx.plugins().resolve("probe-hog-1.0.0.nexcage-plugin"));
            JsonNode hog = nx.awaitList("probe-hog failed for good", DEATH_WAIT, l -> Nexcage.plugin(l, "probe-hog")
                    .map(p -> Nexcage.reason(p) != null && Nexcage.reason(p).contains("not restarted again")).orElse(false));
            String reason = Nexcage.reason(Nexcage.plugin(hog, "probe-hog").orElseThrow());
            assertThat(reason).isEqualTo("killed: its memory limit of 32 MB was exceeded; not restarted again after 1 restarts");
            assertThat(Nexcage.state(Nexcage.plugin(hog, "probe-hog").orElseThrow())).isEqualTo("failed");
            assertThat(nx.run("logs", "--plugin", "probe-hog").out()).contains("restarting it in 1 s (restart 1 of 1)");
            assertDaemonAndHelloAnswer();

            // a thread bomb stops at its pids limit (max_threads and the JVM's own), well before its 500th thread
            probe("probe-bomb", "threads", "max_threads=5", null).writeTo(nx.plugins().resolve("probe-bomb-1.0.0.nexcage-plugin"));
            String bombed = probeOutput("probe-bomb", "stopped at thread");
            assertThat(bombed).contains("unable to create native thread");
            int stoppedAt = Integer.parseInt(bombed.replaceAll("(?s).*stopped at thread (\\d+).*", "$1"));
            assertThat(stoppedAt).as(bombed).isLessThan(5 + 64);
            assertDaemonAndHelloAnswer();

            // disable, enable, reload and remove as for any plugin
            assertThat(nx.run("plugin", "disable", "hello").exit()).isZero();
            assertThat(nx.json("plugin", "info", "hello", "--json").get("pid").isNull()).isTrue();
            assertThat(nx.run("plugin", "enable", "hello").exit()).isZero();
            assertDaemonAndHelloAnswer();
            long before = nx.json("plugin", "info", "hello", "--json").get("pid").asLong();
            Nexcage.Result reload = nx.run("plugin", "reload", "hello");
            assertThat(reload.exit()).as(reload.toString()).isZero();
            assertThat(reload.out()).contains("plugin hello 1.0.0 reloaded (active)");
            assertThat(nx.json("plugin", "info", "hello", "--json").get("pid").asLong()).as("a new child").isPositive().isNotEqualTo(before);
            assertDaemonAndHelloAnswer();
            assertThat(nx.run("plugin", "remove", "probe-write").exit()).isZero();
            nx.awaitGone("probe-write");
            assertThat(nx.run("plugin", "list").exit()).isZero();
        }
    }
}
