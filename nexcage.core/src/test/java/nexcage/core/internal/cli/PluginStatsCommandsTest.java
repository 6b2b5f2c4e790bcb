package nexcage.core.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.UsageFigures;
import nexcage.api.ResourceRequirements;
import nexcage.core.internal.command.ClientSignals;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.UsageException;
import nexcage.core.internal.testing.RecordingAccounting;

/** plugin stats over figures a test sets: the JSON, the table, one plugin's details, --watch and the exit statuses. */
class PluginStatsCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> HELLO_LIMITS = ResourceRequirements.of(Map.of("max_threads", "2", "timeout_seconds", "10"))
            .asMap();

    private final RecordingAccounting accounting = new RecordingAccounting();
    private final Map<String, Map<String, Integer>> installed = new TreeMap<>(Map.of("hello", HELLO_LIMITS, "idle",
            ResourceRequirements.DEFAULTS.asMap()));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PluginStatsCommands stats = new PluginStatsCommands(accounting, () -> installed,
            plugin -> plugin.equals("hello") ? List.of(Map.of("hook", "container.pre_create", "plugin", "hello", "executions", 4)) : List.of(),
            plugin -> plugin.equals("hello") ? Map.of("greetings_total", 3.0) : Map.of());

    PluginStatsCommandsTest() {
        UsageFigures command = new UsageFigures(5, 1, 1, 0.25, 12.5, 10_000, 40, 2 * 1024 * 1024);
        UsageFigures init = new UsageFigures(1, 0, 0, 3, 3, 3, 2.5, 1024);
        UsageFigures threads = new UsageFigures(0, 0, 0, 0, 0, 0, 1500, 5000);
        UsageFigures total = new UsageFigures(6, 1, 1, 0.5, 12.5, 10_000, 1542.5, 2 * 1024 * 1024 + 6024);
        accounting.usage.add(new PluginUsage("hello", total, Map.of("command:hello", command, "lifecycle:init", init,
                PluginAccounting.THREADS, threads), 3, 3 * 1024 * 1024 / 2, 7.25, 4096, HELLO_LIMITS, List.of("max_threads", "max_cpu_percent"),
                true));
    }

    private CommandIO io() {
        return io(ClientSignals.NONE);
    }

    private CommandIO io(ClientSignals signals) {
        return new CommandIO(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Path.of("/tmp"), false, signals);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonHasAnObjectPerPluginWithItsFiguresLimitsAndEntries() throws Exception {
        assertThat(stats.run(List.of("--json"), io())).isZero();
        JsonNode all = JSON.readTree(out());
        assertThat(all).hasSize(2);
        JsonNode hello = all.get(0);
        assertThat(hello.get("plugin").asText()).isEqualTo("hello");
        assertThat(hello.get("calls").asLong()).isEqualTo(6);
        assertThat(hello.get("errors").asLong()).isEqualTo(1);
        assertThat(hello.get("timeouts").asLong()).isEqualTo(1);
        assertThat(hello.get("latency_ms").get("p50").asDouble()).isEqualTo(0.5);
        assertThat(hello.get("latency_ms").get("p99").asDouble()).isEqualTo(12.5);
        assertThat(hello.get("latency_ms").get("max").asDouble()).isEqualTo(10_000);
        assertThat(hello.get("cpu_ms").asDouble()).isEqualTo(1542.5);
        assertThat(hello.get("allocated_bytes").asLong()).isEqualTo(2 * 1024 * 1024 + 6024);
        assertThat(hello.get("threads").asInt()).isEqualTo(3);
        assertThat(hello.get("disk_bytes").asLong()).isEqualTo(3 * 1024 * 1024 / 2);
        assertThat(hello.get("cpu_percent").asDouble()).isEqualTo(7.25);
        assertThat(hello.get("allocated_bytes_per_second").asLong()).isEqualTo(4096);
        assertThat(hello.get("limits")).hasSize(7);
        assertThat(hello.get("limits").get("max_threads").asInt()).isEqualTo(2);
        assertThat(hello.get("over_limit").toString()).isEqualTo("[\"max_threads\",\"max_cpu_percent\"]");
        JsonNode command = hello.get("by_entry").get("command:hello");
        assertThat(command.get("calls").asLong()).isEqualTo(5);
        assertThat(command.get("latency_ms").get("p99").asDouble()).isEqualTo(12.5);
        assertThat(hello.get("by_entry").get("threads").get("cpu_ms").asDouble()).isEqualTo(1500);

        JsonNode idle = all.get(1);
        assertThat(idle.get("plugin").asText()).as("an installed plugin not called yet has zeros").isEqualTo("idle");
        assertThat(idle.get("calls").asLong()).isZero();
        assertThat(idle.get("limits").get("max_cpu_percent").asInt()).isEqualTo(5);
        assertThat(idle.get("over_limit")).isEmpty();
    }

    @Test
    void withANameJsonIsOneObjectWithItsHooksAndMetrics() throws Exception {
        assertThat(stats.run(List.of("hello", "--json"), io())).isZero();
        JsonNode hello = JSON.readTree(out());
        assertThat(hello.get("plugin").asText()).isEqualTo("hello");
        assertThat(hello.get("by_entry").get("lifecycle:init").get("calls").asLong()).isEqualTo(1);
        assertThat(hello.get("hooks").get(0).get("hook").asText()).isEqualTo("container.pre_create");
        assertThat(hello.get("metrics").get("greetings_total").asDouble()).isEqualTo(3);
    }

    @Test
    void theTableHasARowPerPluginInHumanUnits() {
        assertThat(stats.run(List.of(), io())).isZero();
        List<String> lines = out().lines().toList();
        assertThat(lines.get(0)).matches("PLUGIN +CALLS +ERRORS +TIMEOUTS +P50 +P99 +MAX +CPU% +CPU-TIME +ALLOC/S +THREADS +DISK +OVER-LIMIT");
        assertThat(lines.get(1).split(" +")).containsExactly("hello", "6", "1", "1", "0.500ms", "12.5ms", "10.00s", "7.3%", "1.54s",
                "4.0kB/s", "3", "1.5MB", "max_threads,max_cpu_percent");
        assertThat(lines.get(2).split(" +")).containsExactly("idle", "0", "0", "0", "0.000ms", "0.000ms", "0.000ms", "0.0%", "0.000ms",
                "0B/s", "0", "0B", "-");
    }

    @Test
    void oneNameShowsItsEntriesLimitsHooksAndMetrics() {
        assertThat(stats.run(List.of("hello"), io())).isZero();
        String text = out();
        assertThat(text).startsWith("plugin hello: running, watched\nPLUGIN");
        assertThat(text).containsPattern("command:hello +5 +1 +1 +0.250ms +12.5ms +10.00s +40.0ms +2.0MB");
        assertThat(text).containsPattern("threads \\(its own\\) +- +- +- +- +- +- +1.50s +4.9kB");
        assertThat(text).containsPattern("max_threads +2 +3 +yes: over the limit");
        assertThat(text).containsPattern("max_disk_usage_mb +100 +1.5MB +yes\n");
        assertThat(text).containsPattern("max_memory_mb +64 +4.0kB/s allocated +no \\(not enforced\\)");
        assertThat(text).contains("max_memory_mb, max_file_descriptors, max_network_connections cannot be measured per plugin inside one JVM");
        assertThat(text).contains("hook handlers:\nHOOK").contains("container.pre_create");
        assertThat(text).endsWith("metrics of plugin hello:\n  greetings_total 3\n");
    }

    @Test
    void anUnknownNameIsAFailureAndExtraWordsAUsageError() {
        assertThat(stats.run(List.of("ghost"), io())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("nexcage: no plugin named 'ghost' is installed or was called since the "
                + "daemon started; 'nexcage plugin list' shows the plugins there are\n");
        assertThatThrownBy(() -> stats.run(List.of("a", "b"), io())).isInstanceOf(UsageException.class)
                .hasMessage("usage: nexcage plugin stats [NAME] [--json] [--watch]");
        assertThatThrownBy(() -> stats.run(List.of("--all"), io())).isInstanceOf(UsageException.class);
    }

    @Test
    void watchShowsTheFiguresAgainUntilTheClientHangsUp() {
        AtomicReference<Runnable> onHangUp = new AtomicReference<>();
        ClientSignals signals = new ClientSignals() {
            @Override
            public Forwarding forward(String farewell, Consumer<String> handler) {
                return () -> { };
            }

            @Override
            public Forwarding onHangUp(Runnable action) {
                onHangUp.set(action);
                return () -> onHangUp.set(null);
            }

            /** The client leaves (Ctrl-C) once it has seen two tables. */
            @Override
            public boolean hungUp() {
                if (tables() == 2 && onHangUp.get() != null) {
                    onHangUp.get().run();
                }
                return false;
            }
        };
        assertThat(stats.run(List.of("--watch"), io(signals))).isZero();
        assertThat(tables()).isEqualTo(2);
        assertThat(onHangUp.get()).as("the watch for the hang-up ends with the command").isNull();
        assertThat(out()).as("without a terminal the tables are apart by a blank line").contains("\n\nPLUGIN ").doesNotContain("\033[2J");
    }

    private int tables() {
        return out().split("PLUGIN ", -1).length - 1;
    }
}
