package nexcage.e2e.plugins;

import static nexcage.e2e.Nexcage.byFile;
import static nexcage.e2e.Nexcage.entries;
import static nexcage.e2e.Nexcage.plugin;
import static nexcage.e2e.Nexcage.reason;
import static nexcage.e2e.Nexcage.rejected;
import static nexcage.e2e.Nexcage.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;

/**
 * The plugin directory while the daemon runs, and across restarts (DESIGN §3, §8): hot deploy,
 * update, removal, a slow writer, a broken replacement, offline removal, enable/disable across
 * restarts and kill -9, reload, dependencies that arrive late or are removed, and {@code plugin
 * install}/{@code remove}. Each test has its own daemon in its own short directory under /tmp.
 */
class HotDeployTest {
    private static final String HELLO_FILE = "hello-1.0.0.nexcage-plugin";
    private static final String SHOUT_FILE = "shout-1.0.0.nexcage-plugin";
    private static final String LOGGER_FILE = "custom-logger-1.0.0.nexcage-plugin";

    private Nexcage nx;

    @BeforeEach
    void newDaemon() throws IOException {
        nx = Nexcage.create("nxhd");
    }

    @AfterEach
    void closeDaemon() {
        nx.close();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Path drop(Path example) throws IOException {
        return Files.copy(example, nx.plugins().resolve(example.getFileName()));
    }

    /** Polls a plugin command until it answers (a command is registered just after its plugin starts). */
    private void awaitAnswer(String expectedOut, String... args) {
        try {
            Nexcage.await("nexcage " + String.join(" ", args) + " to answer " + expectedOut.trim(), Nexcage.WAIT, () -> nx.run(args),
                    r -> r.exit() == 0 && r.out().equals(expectedOut));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + nx.daemonLog(), e);
        }
    }

    private void assertNoCommand(String name) {
        Nexcage.Result r = nx.run(name);
        assertThat(r.exit()).as("nexcage %s: %s", name, r).isEqualTo(2);
        assertThat(r.err()).contains("unknown command '" + name + "'");
    }

    private JsonNode info(String name) throws IOException {
        Nexcage.Result r = nx.run("plugin", "info", name, "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        return Nexcage.JSON.readTree(r.out());
    }

    private List<String> pluginDirFiles() throws IOException {
        try (Stream<Path> s = Files.list(nx.plugins())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static boolean isState(JsonNode list, String name, String state) {
        return plugin(list, name).map(p -> state(p).equals(state)).orElse(false);
    }

    // ---- the tests ---------------------------------------------------------------------------

    @Test
    void aPluginCopiedInIsStartedWithoutARestart() throws Exception {
        nx.start();
        long pid = nx.pid();
        assertThat(plugin(nx.list(), "hello")).isEmpty();
        assertNoCommand("hello");

        drop(Nexcage.HELLO);
        JsonNode hello = nx.awaitState("hello", "active");
        assertThat(hello.get("version").asText()).isEqualTo("1.0.0");
        assertThat(hello.get("file").asText()).isEqualTo(HELLO_FILE);
        assertThat(hello.get("reason").isNull()).isTrue();
        awaitAnswer("Hello, World!\n", "hello", "World");

        assertThat(nx.alive()).isTrue();
        assertThat(nx.pid()).as("the same daemon process").isEqualTo(pid);
        assertThat(nx.daemonLog()).contains("installed plugin hello 1.0.0 from " + HELLO_FILE).doesNotContain("NexCage stopped");
    }

    @Test
    void aPluginInBothTheUsersAndTheSystemFolderIsRejectedOnceNamingBothPaths() throws Exception {
        Path shipped = Nexcage.RUNTIME_JAR.resolveSibling("plugins").resolve("docker-0.8.0.nexcage-plugin");
        Path copy = nx.plugins().resolve(shipped.getFileName());
        Files.copy(shipped, copy);
        nx.start();
        long deadline = System.nanoTime() + Nexcage.WAIT.toNanos();
        String reason = "";
        while (!reason.contains("remove one of the two files") && System.nanoTime() < deadline) {
            for (JsonNode p : nx.list()) {
                if (p.get("name").asText().equals("docker") && !p.get("reason").isNull()) {
                    reason = p.get("reason").asText();
                }
            }
        }
        assertThat(reason).as("the reason of the rejected docker row").matches(
                "plugin docker 0\\.8\\.0 is already provided by (\\Q" + shipped + "\\E|\\Q" + copy + "\\E); remove one of the two"
                        + " files \\(this one is (\\Q" + shipped + "\\E|\\Q" + copy + "\\E)\\)");
        assertThat(isState(nx.list(), "docker", "active")).isTrue();
    }

    @Test
    void aNewerVersionReplacesTheRunningOneInPlace() throws Exception {
        drop(Nexcage.HELLO);
        nx.start();
        nx.awaitState("hello", "active");
        long bundleId = info("hello").get("bundle_id").asLong();

        Path v101 = PluginJars.withHeaders(Nexcage.HELLO, nx.base.resolve("hello-1.0.1.nexcage-plugin"),
                Map.of("Bundle-Version", "1.0.1"));
        Files.move(v101, nx.plugins().resolve("hello-1.0.1.nexcage-plugin"), StandardCopyOption.ATOMIC_MOVE);
        JsonNode both = nx.awaitList("hello 1.0.1 runs and 1.0.0 is superseded",
                l -> plugin(l, "hello").map(p -> state(p).equals("active") && p.get("version").asText().equals("1.0.1"))
                        .orElse(false) && rejected(l, HELLO_FILE).isPresent());
        assertThat(reason(rejected(both, HELLO_FILE).orElseThrow()))
                .contains("superseded by hello-1.0.1.nexcage-plugin (version 1.0.1)");
        assertThat(plugin(both, "hello").orElseThrow().get("file").asText()).isEqualTo("hello-1.0.1.nexcage-plugin");
        awaitAnswer("Hello, Update!\n", "hello", "Update");
        JsonNode i = info("hello");
        assertThat(i.get("version").asText()).isEqualTo("1.0.1");
        assertThat(i.get("bundle_id").asLong()).as("updated in place (Bundle.update), not reinstalled").isEqualTo(bundleId);

        Files.delete(nx.plugins().resolve(HELLO_FILE));
        JsonNode after = nx.awaitList("the superseded file's entry is gone", l -> byFile(l, HELLO_FILE).isEmpty());
        JsonNode hello = plugin(after, "hello").orElseThrow();
        assertThat(state(hello)).isEqualTo("active");
        assertThat(hello.get("version").asText()).isEqualTo("1.0.1");
        assertThat(entries(after).stream().filter(p -> p.get("name").asText().equals("hello"))).hasSize(1);
        awaitAnswer("Hello, again!\n", "hello", "again");
        assertThat(info("hello").get("bundle_id").asLong()).isEqualTo(bundleId);
    }

    @Test
    void deletingThePluginFileUninstallsIt() throws Exception {
        Path file = drop(Nexcage.HELLO);
        nx.start();
        nx.awaitState("hello", "active");
        awaitAnswer("Hello, World!\n", "hello");

        Files.delete(file);
        nx.awaitGone("hello");
        assertNoCommand("hello");
        // the list drops the plugin as its bundle goes; the log line follows a moment later
        Nexcage.await("the daemon log line about the uninstall", Duration.ofSeconds(10), nx::daemonLog,
                log -> log.contains("uninstalled plugin hello"));
        assertThat(nx.alive()).isTrue();
    }

    @Test
    void aSlowlyWrittenFileIsNeverStartedHalfWrittenAndStartsOnceComplete() throws Exception {
        nx.start();
        byte[] bytes = Files.readAllBytes(Nexcage.HELLO);
        Path target = nx.plugins().resolve(HELLO_FILE);
        int chunks = 5;
        int polls = 0;
        long notAZipSince = -1;
        long longestNotAZipMs = 0;
        long writtenAt = -1;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < chunks; i++) {
                int from = bytes.length * i / chunks;
                int to = bytes.length * (i + 1) / chunks;
                out.write(bytes, from, to - from);
                out.flush();
                if (i == chunks - 1) {
                    writtenAt = System.nanoTime();
                    break;
                }
                // a writer that pauses ~400 ms between chunks; the daemon is polled meanwhile
                long until = System.nanoTime() + 400_000_000L;
                do {
                    JsonNode list = nx.list();
                    polls++;
                    assertThat(plugin(list, "hello")).as("hello after %d of %d chunks: %s", i + 1, chunks, list).isEmpty();
                    for (JsonNode e : byFile(list, HELLO_FILE)) {
                        assertThat(state(e)).as("the half-written file after %d of %d chunks", i + 1, chunks).isEqualTo("rejected");
                    }
                    boolean notAZip = rejected(list, HELLO_FILE).map(e -> reason(e).contains("not a zip")).orElse(false);
                    long now = System.nanoTime();
                    if (notAZip && notAZipSince < 0) {
                        notAZipSince = now;
                    } else if (!notAZip && notAZipSince >= 0) {
                        longestNotAZipMs = Math.max(longestNotAZipMs, (now - notAZipSince) / 1_000_000);
                        notAZipSince = -1;
                    }
                } while (System.nanoTime() < until);
            }
        }
        assertThat(polls).as("the daemon was polled while the file was incomplete").isGreaterThan(chunks);
        JsonNode list = nx.awaitList("the completed file is active and not rejected",
                l -> isState(l, "hello", "active") && rejected(l, HELLO_FILE).isEmpty());
        if (notAZipSince >= 0) {
            // a stretch still open when the last chunk went in counts until then: from there on, how soon the
            // completed file is taken is the bounded wait above, not this measure of the file while it was written
            longestNotAZipMs = Math.max(longestNotAZipMs, (writtenAt - notAZipSince) / 1_000_000);
        }
        assertThat(longestNotAZipMs).as("how long the incomplete file was shown as 'not a zip' at a stretch").isLessThan(1500);
        assertThat(plugin(list, "hello").orElseThrow().get("file").asText()).isEqualTo(HELLO_FILE);
        awaitAnswer("Hello, Slow!\n", "hello", "Slow");
    }

    @Test
    void aBrokenReplacementIsRejectedAndTheRunningVersionStays() throws Exception {
        Path file = drop(Nexcage.HELLO);
        nx.start();
        nx.awaitState("hello", "active");
        long bundleId = info("hello").get("bundle_id").asLong();

        // a complete zip with a broken header, renamed over the running plugin's file
        Path broken = PluginJars.withHeaders(Nexcage.HELLO, nx.base.resolve("broken.jar"),
                Map.of("NexCage-Capabilities", "logging,teleport"));
        Files.move(broken, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        JsonNode list = nx.awaitList("the broken file is rejected while hello runs",
                l -> rejected(l, HELLO_FILE).isPresent() && isState(l, "hello", "active"));
        JsonNode rej = rejected(list, HELLO_FILE).orElseThrow();
        assertThat(rej.get("name").asText()).isEqualTo("hello");
        assertThat(reason(rej)).contains("NexCage-Capabilities: 'teleport' is not a known capability");
        awaitAnswer("Hello, still!\n", "hello", "still");
        assertThat(info("hello").get("bundle_id").asLong()).isEqualTo(bundleId);
        assertThat(info("hello").get("version").asText()).isEqualTo("1.0.0");

        Nexcage.Result reload = nx.run("plugin", "reload", "hello");
        assertThat(reload.exit()).as(reload.toString()).isEqualTo(1);
        assertThat(reload.err()).contains("not reloading plugin hello").contains("teleport").contains("the running version stays");
        awaitAnswer("Hello, still!\n", "hello", "still");

        // garbage written over it in place (not a rename): judged once it has settled
        Files.writeString(file, "garbage, not a zip at all\n");
        nx.awaitList("the garbage is rejected as not a zip while hello runs",
                l -> rejected(l, HELLO_FILE).map(e -> reason(e).contains("not a zip")).orElse(false) && isState(l, "hello", "active"));
        awaitAnswer("Hello, still!\n", "hello", "still");

        // the good file back: the rejection goes, the running bundle is the same. Renamed into place:
        // Files.copy with REPLACE_EXISTING deletes the target first, and a scan in that gap rightly
        // uninstalls a plugin whose file is gone (a new bundle id, which failed this test once in CI)
        Path good = Files.copy(Nexcage.HELLO, nx.base.resolve("good.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(good, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        nx.awaitList("the repaired file is no longer rejected", l -> rejected(l, HELLO_FILE).isEmpty() && isState(l, "hello", "active"));
        assertThat(info("hello").get("bundle_id").asLong()).isEqualTo(bundleId);
        awaitAnswer("Hello, repaired!\n", "hello", "repaired");
        assertThat(nx.daemonLog()).as("the plugin never stopped").doesNotContain("plugin hello stopped").doesNotContain("uninstalled plugin hello");
    }

    @Test
    void aFileRemovedWhileTheDaemonIsDownIsGoneAtTheNextStart() throws Exception {
        Path hello = drop(Nexcage.HELLO);
        drop(Nexcage.LOGGER);
        nx.start();
        nx.awaitList("hello and custom-logger are active", l -> isState(l, "hello", "active") && isState(l, "custom-logger", "active"));
        nx.stop();
        assertThat(nx.alive()).isFalse();

        Files.delete(hello);
        nx.start();
        nx.awaitState("custom-logger", "active");
        JsonNode list = nx.list();
        assertThat(entries(list)).as("hello is not listed after an offline removal").noneMatch(p -> p.get("name").asText().equals("hello"));
        assertNoCommand("hello");
        assertThat(nx.run("plugin", "info", "hello").exit()).isEqualTo(1);
        assertThat(nx.daemonLog()).doesNotContain("plugin hello 1.0.0 is active");
    }

    @Test
    void aDisabledPluginStaysDisabledAcrossARestartAndKillNine() throws Exception {
        drop(Nexcage.HELLO);
        drop(Nexcage.LOGGER);
        nx.start();
        nx.awaitList("hello and custom-logger are active", l -> isState(l, "hello", "active") && isState(l, "custom-logger", "active"));

        Nexcage.Result disable = nx.run("plugin", "disable", "custom-logger");
        assertThat(disable.exit()).as(disable.toString()).isZero();
        assertThat(disable.out()).contains("plugin custom-logger disabled");
        nx.awaitState("custom-logger", "disabled");

        nx.stop();
        nx.start();
        nx.awaitList("after a restart hello is active and custom-logger disabled",
                l -> isState(l, "hello", "active") && isState(l, "custom-logger", "disabled"));
        assertThat(nx.daemonLog()).as("custom-logger was not started at boot").doesNotContain("plugin custom-logger 1.0.0 is active");

        nx.kill9();
        nx.start();
        nx.awaitList("after kill -9 hello is active and custom-logger still disabled",
                l -> isState(l, "hello", "active") && isState(l, "custom-logger", "disabled"));
        assertThat(nx.daemonLog()).as("custom-logger was not started at boot").doesNotContain("plugin custom-logger 1.0.0 is active");

        Nexcage.Result enable = nx.run("plugin", "enable", "custom-logger");
        assertThat(enable.exit()).as(enable.toString()).isZero();
        assertThat(enable.out()).contains("plugin custom-logger 1.0.0 enabled (active)");
        nx.awaitState("custom-logger", "active");

        nx.kill9();
        nx.start();
        nx.awaitList("after kill -9 the re-enabled custom-logger is active again",
                l -> isState(l, "hello", "active") && isState(l, "custom-logger", "active"));
    }

    @Test
    void reloadRefreshesOnlyThePluginAndItsDependentsAndKeepsCoreServices() throws Exception {
        drop(Nexcage.HELLO);
        drop(Nexcage.SHOUT);
        nx.start();
        nx.awaitList("hello and shout are active", l -> isState(l, "hello", "active") && isState(l, "shout", "active"));

        Map<String, Long> ids = nx.bundleIds();
        long core = ids.get("nexcage.core");
        long hooks = ids.get("nexcage.hooks");
        long helloBundle = ids.get("nexcage.example.hello");
        assertThat(info("hello").get("bundle_id").asLong()).isEqualTo(helloBundle);
        Set<String> coreBefore = coreServices(core);
        Set<String> hooksBefore = serviceKeys(nx.services(hooks));
        Set<Long> helloBefore = nx.services(helloBundle).stream().map(Nexcage.Service::id).collect(Collectors.toSet());
        assertThat(coreBefore).as("the core registers services").isNotEmpty();
        assertThat(helloBefore).as("hello registers its command and lifecycle services").hasSizeGreaterThanOrEqualTo(2);

        Nexcage.Result dry = nx.run("plugin", "reload", "hello", "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("would refresh nexcage.example.hello 1.0.0").contains("would refresh nexcage.example.shout 1.0.0")
                .doesNotContain("nexcage.core").doesNotContain("nexcage.hooks").doesNotContain("nexcage.api");

        Nexcage.Result reload = nx.run("plugin", "reload", "hello");
        assertThat(reload.exit()).as(reload.toString()).isZero();
        assertThat(reload.out()).contains("plugin hello 1.0.0 reloaded (active)");
        nx.awaitList("hello and shout are active after the reload", l -> isState(l, "hello", "active") && isState(l, "shout", "active"));

        assertThat(coreServices(core)).as("the core's services keep their ids across a reload").isEqualTo(coreBefore);
        assertThat(serviceKeys(nx.services(hooks))).as("the hooks bundle's services keep their ids").isEqualTo(hooksBefore);
        Set<Long> helloAfter = nx.services(helloBundle).stream().map(Nexcage.Service::id).collect(Collectors.toSet());
        assertThat(helloAfter).as("hello's services were registered again: the bundle was refreshed").hasSameSizeAs(helloBefore)
                .doesNotContainAnyElementsOf(helloBefore);
        assertThat(nx.bundleIds().get("nexcage.example.hello")).as("same bundle, updated in place").isEqualTo(helloBundle);
        awaitAnswer("Hello, reloaded!\n", "hello", "reloaded");
        awaitAnswer("HELLO, RELOADED!\n", "shout", "reloaded");
    }

    @Test
    void reloadWithNoNameRescansAndReloadsWhatChanged() throws Exception {
        Path file = drop(Nexcage.HELLO);
        nx.start();
        nx.awaitState("hello", "active");

        Nexcage.Result idle = nx.run("plugin", "reload");
        assertThat(idle.exit()).as(idle.toString()).isZero();
        assertThat(idle.out()).isEqualTo("no plugin file changed since the last scan; nothing to reload\n");
        Nexcage.Result idleDry = nx.run("plugin", "reload", "--dry-run");
        assertThat(idleDry.exit()).as(idleDry.toString()).isZero();
        assertThat(idleDry.out()).isEqualTo("no plugin file changed since the last scan; nothing would be reloaded\n");

        // a new version renamed over the file: whether the watcher or the reload takes it, it runs once the command returns
        Path newer = PluginJars.withHeaders(Nexcage.HELLO, nx.base.resolve("newer.jar"), Map.of("Bundle-Version", "1.0.1"));
        Files.move(newer, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Nexcage.Result reload = nx.run("plugin", "reload");
        assertThat(reload.exit()).as(reload.toString()).isZero();
        assertThat(reload.out()).as(reload.toString()).satisfiesAnyOf(
                out -> assertThat(out).isEqualTo("plugin hello reloaded from " + HELLO_FILE + ": 1.0.0 -> 1.0.1 (active)\n"),
                out -> assertThat(out).contains("nothing to reload"));
        JsonNode hello = plugin(nx.list(), "hello").orElseThrow();
        assertThat(hello.get("version").asText()).isEqualTo("1.0.1");
        assertThat(state(hello)).isEqualTo("active");

        Nexcage.Result usage = nx.run("plugin", "reload", "hello", "shout");
        assertThat(usage.exit()).as(usage.toString()).isEqualTo(2);
    }

    /** The core's services, by class and id, except the per-plugin command functions (scope x). */
    private Set<String> coreServices(long core) {
        List<Nexcage.Service> all = new ArrayList<>(nx.services(core));
        all.removeIf(s -> "x".equals(s.commandScope()));
        return serviceKeys(all);
    }

    private static Set<String> serviceKeys(List<Nexcage.Service> services) {
        Set<String> keys = new HashSet<>();
        services.forEach(s -> keys.add(s.objectClass() + "#" + s.id()));
        return keys;
    }

    @Test
    void aDependencyThatArrivesLateStartsBothByThemselves() throws Exception {
        nx.start();
        drop(Nexcage.SHOUT);
        JsonNode list = nx.awaitList("shout is failed for want of hello", l -> isState(l, "shout", "failed"));
        assertThat(reason(plugin(list, "shout").orElseThrow())).contains("missing dependency hello [1.0,2)")
                .contains("install a plugin named hello");
        assertNoCommand("shout");

        drop(Nexcage.HELLO);
        list = nx.awaitList("hello and shout are both active", l -> isState(l, "hello", "active") && isState(l, "shout", "active"));
        assertThat(plugin(list, "shout").orElseThrow().get("reason").isNull()).isTrue();
        awaitAnswer("HELLO, LATE!\n", "shout", "late");
    }

    @Test
    void removingAPluginOthersNeedIsRefusedUnlessForced() throws Exception {
        Path helloFile = drop(Nexcage.HELLO);
        drop(Nexcage.SHOUT);
        nx.start();
        nx.awaitList("hello and shout are active", l -> isState(l, "hello", "active") && isState(l, "shout", "active"));

        Nexcage.Result refused = nx.run("plugin", "remove", "hello");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("plugin hello is needed by shout").contains("--force");
        assertThat(helloFile).exists();
        Nexcage.Result disable = nx.run("plugin", "disable", "hello");
        assertThat(disable.exit()).as(disable.toString()).isEqualTo(1);
        assertThat(disable.err()).contains("plugin hello is needed by shout");

        Nexcage.Result dry = nx.run("plugin", "remove", "hello", "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("would delete " + helloFile).contains("would stop plugin shout (it depends on hello)");
        assertThat(helloFile).as("a dry run deletes nothing").exists();
        JsonNode list = nx.list();
        assertThat(isState(list, "hello", "active") && isState(list, "shout", "active")).as("a dry run stops nothing").isTrue();

        Nexcage.Result forced = nx.run("plugin", "remove", "hello", "--force");
        assertThat(forced.exit()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("plugin hello removed").contains("stopped shout");
        assertThat(helloFile).doesNotExist();
        list = nx.awaitList("hello is gone and shout failed naming it",
                l -> plugin(l, "hello").isEmpty() && isState(l, "shout", "failed"));
        assertThat(reason(plugin(list, "shout").orElseThrow())).contains("missing dependency hello [1.0,2)");
        assertNoCommand("hello");
        assertNoCommand("shout");
    }

    @Test
    void disablingAPluginOthersNeedIsRefusedUnlessForcedAndEnablingItBringsThemBack() throws Exception {
        drop(Nexcage.HELLO);
        drop(Nexcage.SHOUT);
        nx.start();
        nx.awaitList("hello and shout are active", l -> isState(l, "hello", "active") && isState(l, "shout", "active"));

        Nexcage.Result dry = nx.run("plugin", "disable", "hello", "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("would disable plugin hello").contains("would stop plugin shout (it depends on hello)");
        JsonNode list = nx.list();
        assertThat(isState(list, "hello", "active") && isState(list, "shout", "active")).as("a dry run stops nothing").isTrue();

        Nexcage.Result forced = nx.run("plugin", "disable", "hello", "--force");
        assertThat(forced.exit()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("plugin hello disabled").contains("stopped shout");
        list = nx.awaitList("hello is disabled and shout failed naming it",
                l -> isState(l, "hello", "disabled") && isState(l, "shout", "failed"));
        assertThat(reason(plugin(list, "shout").orElseThrow())).contains("hello [1.0,2)").contains("disabled");
        assertNoCommand("shout");

        Nexcage.Result enable = nx.run("plugin", "enable", "hello");
        assertThat(enable.exit()).as(enable.toString()).isZero();
        nx.awaitList("hello and shout are active again", l -> isState(l, "hello", "active") && isState(l, "shout", "active"));
        awaitAnswer("HELLO, BACK!\n", "shout", "back");
    }

    @Test
    void installAndRemoveCommandsBehaveLikeFileOperations() throws Exception {
        nx.start();
        Path downloads = Files.createDirectories(nx.base.resolve("downloads"));
        Files.copy(Nexcage.HELLO, downloads.resolve("hello-download.jar"));

        // a relative path: the client makes it absolute against its working directory
        Nexcage.Result install = nx.runIn(downloads, "plugin", "install", "hello-download.jar");
        assertThat(install.exit()).as(install.toString()).isZero();
        Path installed = nx.plugins().resolve(HELLO_FILE);
        assertThat(install.out()).contains("hello-download.jar is not signed")
                .contains("plugin hello 1.0.0 installed as " + installed + " (active)");
        assertThat(pluginDirFiles()).containsExactly(HELLO_FILE);
        assertThat(Files.mismatch(installed, Nexcage.HELLO)).isEqualTo(-1L);
        JsonNode hello = plugin(nx.list(), "hello").orElseThrow();
        assertThat(state(hello)).isEqualTo("active");
        assertThat(hello.get("file").asText()).isEqualTo(HELLO_FILE);
        awaitAnswer("Hello, installed!\n", "hello", "installed");

        // a broken file is not copied in
        Path broken = PluginJars.withHeaders(Nexcage.HELLO, downloads.resolve("broken.jar"),
                Map.of("NexCage-Plugin-Name", "broken", "Bundle-SymbolicName", "corpus.broken", "NexCage-Capabilities", "teleport"));
        Nexcage.Result refused = nx.run("plugin", "install", broken.toString());
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("broken.jar: NexCage-Capabilities: 'teleport' is not a known capability")
                .contains("broken.jar was not installed; nothing changed");
        assertThat(pluginDirFiles()).containsExactly(HELLO_FILE);

        Nexcage.Result remove = nx.run("plugin", "remove", "hello");
        assertThat(remove.exit()).as(remove.toString()).isZero();
        assertThat(remove.out()).contains("plugin hello removed");
        assertThat(pluginDirFiles()).isEmpty();
        assertThat(plugin(nx.list(), "hello")).isEmpty();
        assertNoCommand("hello");
        Nexcage.Result again = nx.run("plugin", "remove", "hello");
        assertThat(again.exit()).as(again.toString()).isEqualTo(1);
        assertThat(again.err()).contains("no plugin named 'hello'");

        // remove NAME also deletes the file of a rejected plugin, found by its plugin name
        Files.copy(broken, nx.plugins().resolve("broken-1.0.0.nexcage-plugin"));
        nx.awaitList("the broken file is rejected", l -> rejected(l, "broken-1.0.0.nexcage-plugin").isPresent());
        Nexcage.Result removeRejected = nx.run("plugin", "remove", "broken");
        assertThat(removeRejected.exit()).as(removeRejected.toString()).isZero();
        assertThat(pluginDirFiles()).isEmpty();
        nx.awaitList("the rejected entry is gone", l -> byFile(l, "broken-1.0.0.nexcage-plugin").isEmpty());
    }
}
