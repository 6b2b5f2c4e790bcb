package nexcage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.e2e.sandbox.PluginPlacement;

/**
 * The audit-hooks example records real CLI commands; hooks list and plugin stats show the counts.
 * Run with hello and audit-hooks in the daemon here, and sandboxed in {@link SandboxedHooksEndToEndTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HooksEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path AUDIT = Nexcage.ROOT.resolve("examples/audit-hooks/target/audit-hooks-1.0.0.nexcage-plugin");
    private Nexcage nx;
    private Path auditFile;

    /** Where hello and audit-hooks run in this run of the cases. */
    PluginPlacement placement() {
        return PluginPlacement.IN_DAEMON;
    }

    @BeforeAll
    void start() throws Exception {
        placement().requireHost();
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxe2e"));
        Files.copy(Nexcage.HELLO, nx.plugins().resolve(Nexcage.HELLO.getFileName()));
        Files.copy(AUDIT, nx.plugins().resolve(AUDIT.getFileName()));
        String config = "  audit-hooks:\n" + placement().sandboxLine() + "    config:\n      deny_pattern: \"nxhook-deny.*\"\n";
        if (placement().sandboxed()) {
            // per mode: a sandboxed plugin writes only its data directory (the root is read-only), so
            // its audit file goes there instead of the default $NEXCAGE_STATE/audit-hooks.jsonl
            auditFile = nx.state.resolve("data/audit-hooks/audit-hooks.jsonl");
            nx.writeConfig(placement().config("hello") + config + "      file: \"" + auditFile + "\"\n");
        } else {
            auditFile = nx.state.resolve("audit-hooks.jsonl");
            nx.writeConfig("plugins:\n" + config);
        }
        nx.start();
        nx.awaitState("hello", "active");
        nx.awaitState("audit-hooks", "active");
        placement().assertRunsHere(nx, "hello", "audit-hooks");
    }

    @AfterAll
    void stop() throws Exception {
        nx.stop();
    }

    private List<JsonNode> auditLines() throws Exception {
        Path file = auditFile;
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** The audit lines once one for this hook and command is there (handlers run at background priority). */
    private JsonNode awaitAudit(String hook, String command) throws Exception {
        return awaitAudit(hook, command, null);
    }

    private JsonNode awaitAudit(String hook, String command, String args) throws Exception {
        return awaitAudit(hook, "command", command, args);
    }

    /** The first line for this hook whose metadata has key=value (and args, unless null). */
    private JsonNode awaitAudit(String hook, String key, String value, String args) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            for (JsonNode n : auditLines()) {
                if (n.get("hook").asText().equals(hook) && value.equals(n.get("metadata").path(key).asText())
                        && (args == null || args.equals(n.get("metadata").path("args").asText()))) {
                    return n;
                }
            }
            nx.run("version");
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + hook + " line for " + key + " '" + value + "' in " + auditLines());
    }

    @Test
    void realCommandsAreAudited() throws Exception {
        assertThat(nx.run("hello", "Audit").out()).isEqualTo("Hello, Audit!\n");
        assertThat(awaitAudit("cli.pre_command", "hello", "Audit").get("vetoed").asBoolean()).isFalse();
        JsonNode post = awaitAudit("cli.post_command", "hello", "Audit");
        assertThat(post.get("metadata").get("exit_code").asText()).isEqualTo("0");
        assertThat(post.get("source").asText()).isEqualTo("core");

        assertThat(nx.run("plugin", "list").exit()).isZero();
        awaitAudit("cli.post_command", "plugin list");

        assertThat(nx.run("frobnicate").exit()).isEqualTo(2);
        assertThat(awaitAudit("cli.command_error", "frobnicate").get("metadata").get("exit_code").asText()).isEqualTo("2");

        // help, of the runtime or of a plugin's command
        assertThat(nx.run("help").exit()).isZero();
        awaitAudit("cli.help_requested", "help");
        assertThat(nx.run("hello", "--help").exit()).isZero();
        awaitAudit("cli.help_requested", "hello");
        assertThat(nx.run("run", "-h").exit()).isZero();
        awaitAudit("cli.help_requested", "run");
    }

    @Test
    void hooksListShowsEveryRegistrationWithItsStatistics() throws Exception {
        nx.run("hello");
        awaitAudit("cli.post_command", "hello");
        Nexcage.Result r = nx.run("hooks", "list", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode list = JSON.readTree(r.out());
        JsonNode pre = null;
        for (JsonNode n : list) {
            if (n.get("hook").asText().equals("cli.pre_command") && n.get("plugin").asText().equals("audit-hooks")) {
                pre = n;
            }
        }
        assertThat(pre).as("audit-hooks' cli.pre_command handler in " + list).isNotNull();
        List<String> keys = new ArrayList<>();
        pre.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("hook", "plugin", "priority", "timeout_ms", "fail_closed", "enabled", "executions",
                "failures", "timeouts", "vetoes", "min_ms", "avg_ms", "max_ms", "p99_ms");
        assertThat(pre.get("priority").asText()).isIn(Set.of("critical", "high", "normal", "low", "background"));
        assertThat(pre.get("executions").asLong()).isPositive();
        assertThat(pre.get("failures").asLong()).isZero();

        Nexcage.Result table = nx.run("hooks", "list");
        assertThat(table.out().lines().findFirst().orElse("")).startsWith("HOOK").contains("PRIORITY").contains("P99_MS");

        Nexcage.Result stats = nx.run("plugin", "stats", "audit-hooks", "--json");
        assertThat(stats.exit()).as(stats.err()).isZero();
        assertThat(JSON.readTree(stats.out()).get("hooks").size()).as("its hook handlers").isPositive();
    }

    @Test
    void aHandlerVetoesAContainerCreateByItsId() throws Exception {
        // the veto comes before any backend is asked, so no engine or image is needed
        Nexcage.Result vetoed = nx.run("create", "--name", "nxhook-deny1", "nexcage-hooks-test-image");
        assertThat(vetoed.exit()).as(vetoed.toString()).isEqualTo(1);
        assertThat(vetoed.err()).contains("vetoed by audit-hooks");
        JsonNode pre = awaitAudit("container.pre_create", "container_id", "nxhook-deny1", null);
        assertThat(pre.get("vetoed").asBoolean()).as(pre.toString()).isTrue();
    }
}
