package nexcage.e2e.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;
import nexcage.e2e.accounting.fixture.filler.DiskFiller;
import nexcage.e2e.accounting.fixture.leaker.ThreadLeaker;
import nexcage.e2e.accounting.fixture.steady.SteadyCommand;

/**
 * What each plugin costs, through the launcher (issue 16): plugins that spin (on a thread of their
 * context's factory, and on one started with a plain {@code new Thread}), leak threads or fill their
 * data directory are named in {@code plugin stats --json}'s {@code over_limit} and as a violation of
 * kind {@code resource} within 10 s of becoming active, and a plugin that behaves never is; the
 * calls of a command add up; {@code plugin info} says which limits the JVM cannot watch; and
 * {@code on_violation: disable} disables the leaker alone, naming {@code max_threads}.
 */
class AccountingEndToEndTest {
    private static final int STEADY_RUNS = 7;

    private Nexcage nx;

    @AfterEach
    void stop() {
        if (nx != null) {
            nx.stopAndClose();
        }
    }

    @Test
    void spinnersALeakerAndAFillerAreNamedWithinTenSecondsTheSteadyPluginNeverAndItsCallsAddUp() throws Exception {
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxacc"));
        Path stopSpinning = nx.base.resolve("stop-spinning");
        for (ResourceFixture f : ResourceFixture.values()) {
            f.jar(stopSpinning).writeTo(nx.plugins().resolve(f.plugin + "-1.0.0.nexcage-plugin"));
        }
        nx.start();

        ResourceWatch watch = new ResourceWatch(nx, List.of(ResourceFixture.values()));
        watch.awaitActive();
        watch.awaitEveryBadLimitNamed(() -> writeOnce(stopSpinning));
        writeOnce(stopSpinning); // in case the spinners were named last

        for (ResourceFixture f : ResourceFixture.badOnes()) {
            JsonNode v = watch.violation(f);
            assertThat(v.get("plugin").asText()).isEqualTo(f.plugin);
            assertThat(v.has("capability") && v.get("capability").isNull()).as("a limit is no capability: %s", v).isTrue();
            assertThat(v.get("detail").asText()).as("the figure and the limit: %s", v).contains(f.limit).contains(String.valueOf(f.limitValue));
        }
        assertThat(watch.steadyWasOverLimit()).as("the steady plugin's over_limit in every poll").isEmpty();
        assertThat(nx.json("plugin", "violations", SteadyCommand.NAME, "--json")).as("the steady plugin's violations").isEmpty();

        JsonNode leaker = watch.stats(ResourceFixture.LEAKER.plugin);
        assertThat(leaker.get("threads").asInt()).as(leaker.toPrettyString()).isGreaterThanOrEqualTo(ThreadLeaker.THREADS);
        assertThat(leaker.get("limits").get("max_threads").asInt()).isEqualTo(ResourceFixture.LEAKER.limitValue);
        JsonNode filler = watch.stats(ResourceFixture.FILLER.plugin);
        assertThat(filler.get("disk_bytes").asLong()).as(filler.toPrettyString())
                .isGreaterThanOrEqualTo(DiskFiller.MEGABYTES * 1024L * 1024L);

        for (ResourceFixture f : List.of(ResourceFixture.SPINNER, ResourceFixture.STRAY_SPINNER)) {
            JsonNode spinner = watch.stats(f.plugin);
            // over 5 % of one core in a window of at least 10 s is at least 500 ms, nearly all of it its thread's
            assertThat(spinner.get("cpu_ms").asDouble()).as(spinner.toPrettyString()).isGreaterThanOrEqualTo(500);
            assertThat(spinner.get("by_entry").path("threads").path("cpu_ms").asDouble()).as(spinner.toPrettyString())
                    .isGreaterThanOrEqualTo(400);
        }
        for (ResourceFixture f : ResourceFixture.badOnes()) {
            assertThat(resourceViolations(f)).as("one violation for one crossing of %s's %s, not one per sample", f.plugin, f.limit)
                    .isEqualTo(1);
        }
        assertSteadyCallsAddUp();
        assertStatsTableListsEveryPlugin();
        assertWatchRefreshesTheTableUntilInterrupted();
        assertInfoNamesTheLimitsTheJvmCannotWatch();
        assertCleanShutdown();
    }

    private void assertSteadyCallsAddUp() {
        for (int i = 0; i < STEADY_RUNS; i++) {
            Nexcage.Result r = nx.run(SteadyCommand.NAME, "run", String.valueOf(i));
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo(SteadyCommand.NAME + " run " + i + "\n");
        }
        JsonNode steady = statsOf(nx.json("plugin", "stats", SteadyCommand.NAME, "--json"), SteadyCommand.NAME);
        String all = steady.toPrettyString();
        JsonNode command = steady.get("by_entry").get("command:" + SteadyCommand.NAME);
        assertThat(command).as("by_entry command:steady in %s", all).isNotNull();
        assertThat(command.get("calls").asLong()).as(all).isEqualTo(STEADY_RUNS);
        assertThat(command.get("errors").asLong()).as(all).isZero();
        assertThat(steady.get("calls").asLong()).as("its lifecycle calls too: %s", all).isGreaterThanOrEqualTo(STEADY_RUNS);
        assertThat(steady.get("errors").asLong()).as(all).isZero();
        assertThat(steady.get("timeouts").asLong()).as(all).isZero();
        JsonNode latency = steady.get("latency_ms");
        assertThat(latency.get("p50").asDouble()).as(all).isLessThanOrEqualTo(latency.get("p99").asDouble());
        assertThat(latency.get("p99").asDouble()).as(all).isLessThanOrEqualTo(latency.get("max").asDouble());
        assertThat(latency.get("max").asDouble()).as(all).isPositive();
        assertThat(steady.get("cpu_ms").asDouble()).as(all).isGreaterThanOrEqualTo(0);
        assertThat(steady.get("allocated_bytes").asLong()).as(all).isGreaterThanOrEqualTo(0);
        assertThat(steady.get("threads").asInt()).as("its one idle pool thread, known by the factory alone: %s", all).isEqualTo(1);
        assertThat(steady.get("over_limit")).as(all).isEmpty();
    }

    private void assertStatsTableListsEveryPlugin() {
        Nexcage.Result table = nx.run("plugin", "stats");
        assertThat(table.exit()).as(table.toString()).isZero();
        for (ResourceFixture f : ResourceFixture.values()) {
            assertThat(table.outLines()).as(table.toString()).anyMatch(l -> l.startsWith(f.plugin + " "));
        }
    }

    private void assertWatchRefreshesTheTableUntilInterrupted() throws InterruptedException {
        Path out = nx.base.resolve("watch.out");
        Path err = nx.base.resolve("watch.err");
        Process watch = nx.spawn(out, err, "plugin", "stats", "--watch");
        try {
            String seen = Nexcage.await("plugin stats --watch to print its table a second time", Nexcage.WAIT, () -> read(out),
                    t -> t.lines().filter(l -> l.startsWith(SteadyCommand.NAME + " ")).count() >= 2);
            assertThat(watch.isAlive()).as("it refreshes until Ctrl-C; it printed:\n%s\n%s", seen, read(err)).isTrue();
        } finally {
            watch.destroy(); // SIGTERM to the client, as a terminal's hang-up would
            assertThat(watch.waitFor(10, TimeUnit.SECONDS)).as("the client ends when interrupted").isTrue();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** SIGTERM; the fixtures end their threads as they stop, so the daemon stops well before its hard deadline. */
    private void assertCleanShutdown() {
        nx.stop();
        assertThat(nx.daemonLog()).doesNotContain("shutdown did not finish").doesNotContain("still runs");
    }

    private void assertInfoNamesTheLimitsTheJvmCannotWatch() {
        Nexcage.Result info = nx.run("plugin", "info", ResourceFixture.LEAKER.plugin);
        assertThat(info.exit()).as(info.toString()).isZero();
        String notEnforced = info.outLines().stream().filter(l -> l.startsWith("limits_not_enforced ")).findFirst()
                .orElseThrow(() -> new AssertionError("no limits_not_enforced in plugin info:\n" + info.out()));
        assertThat(notEnforced).contains("max_memory_mb", "max_file_descriptors", "max_network_connections")
                .doesNotContain("max_threads").doesNotContain("max_cpu_percent").doesNotContain("max_disk_usage_mb");
        assertThat(info.out()).as("why, and where they are enforced").contains("inside one JVM").contains("sandboxed plugins");
    }

    @Test
    void onViolationDisableDisablesTheLeakerNamingMaxThreadsAndLeavesTheSteadyPluginActive() throws Exception {
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxacd"));
        Path unused = nx.base.resolve("stop-spinning");
        for (ResourceFixture f : List.of(ResourceFixture.LEAKER, ResourceFixture.STEADY)) {
            f.jar(unused).writeTo(nx.plugins().resolve(f.plugin + "-1.0.0.nexcage-plugin"));
        }
        nx.writeConfig("runtime:\n  security:\n    on_violation: disable\n");
        nx.start();

        String leaker = ResourceFixture.LEAKER.plugin;
        JsonNode list = nx.awaitList("plugin " + leaker + " disabled by the security policy", Nexcage.START_WAIT,
                l -> Nexcage.plugin(l, leaker).map(p -> Nexcage.state(p).equals("disabled")).orElse(false));
        assertThat(Nexcage.reason(Nexcage.plugin(list, leaker).orElseThrow())).contains("max_threads");
        JsonNode violations = nx.json("plugin", "violations", leaker, "--json");
        assertThat(Nexcage.entries(violations)).as(violations.toPrettyString())
                .anyMatch(v -> v.path("kind").asText().equals("resource") && v.path("operation").asText().equals("resource.max_threads"));

        Nexcage.await("the disabled leaker's threads ended (its bundle stopped them)", Nexcage.WAIT,
                () -> statsOf(nx.json("plugin", "stats", leaker, "--json"), leaker), s -> s.path("threads").asInt(-1) == 0);

        assertThat(nx.awaitState(SteadyCommand.NAME, "active")).isNotNull();
        Nexcage.Result r = nx.run(SteadyCommand.NAME);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(nx.json("plugin", "violations", SteadyCommand.NAME, "--json")).isEmpty();
        assertThat(Nexcage.state(Nexcage.plugin(nx.list(), SteadyCommand.NAME).orElseThrow())).isEqualTo("active");

        // enabled again, it starts its threads again: a second crossing, a second violation, disabled again
        Nexcage.Result enable = nx.run("plugin", "enable", leaker);
        assertThat(enable.exit()).as(enable.toString()).isZero();
        Nexcage.await("the leaker's second crossing of max_threads recorded", Nexcage.START_WAIT,
                () -> resourceViolations(ResourceFixture.LEAKER), n -> n == 2);
        nx.awaitList("plugin " + leaker + " disabled again", Nexcage.START_WAIT,
                l -> Nexcage.plugin(l, leaker).map(p -> Nexcage.state(p).equals("disabled")).orElse(false));
        assertCleanShutdown();
    }

    /** How many violations of its limit the fixture has on record (equal ones share an entry and its count). */
    private long resourceViolations(ResourceFixture f) {
        return Nexcage.entries(nx.json("plugin", "violations", f.plugin, "--json")).stream()
                .filter(v -> v.path("operation").asText().equals("resource." + f.limit)).mapToLong(v -> v.path("count").asLong()).sum();
    }

    /** The entry of {@code plugin} in what {@code plugin stats [NAME] --json} printed (an object, or an array of them). */
    static JsonNode statsOf(JsonNode stats, String plugin) {
        if (stats.isObject()) {
            assertThat(stats.path("plugin").asText()).as(stats.toPrettyString()).isEqualTo(plugin);
            return stats;
        }
        Optional<JsonNode> one = Nexcage.entries(stats).stream().filter(s -> s.path("plugin").asText().equals(plugin)).findFirst();
        return one.orElseThrow(() -> new AssertionError("no plugin " + plugin + " in plugin stats: " + stats.toPrettyString()));
    }

    private static void writeOnce(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, "stop\n");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
