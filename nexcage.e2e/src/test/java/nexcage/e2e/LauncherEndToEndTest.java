package nexcage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.e2e.sandbox.PluginPlacement;

/**
 * Drives the real launcher and daemon: start in a temporary home with the hello plugin and two
 * broken plugin files, one-shot commands, the socket's mode, concurrent clients, a second daemon,
 * and a clean stop. Run with hello in the daemon here, and sandboxed in
 * {@link SandboxedLauncherEndToEndTest}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LauncherEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path base;
    private Nexcage nx;

    /** Where hello runs in this run of the cases. */
    PluginPlacement placement() {
        return PluginPlacement.IN_DAEMON;
    }

    /** A daemon in base with hello placed as this run says (in the daemon: no config file, as ever). */
    private Nexcage withHello(Path base) throws IOException {
        Nexcage n = new Nexcage(base);
        assertThat(Nexcage.HELLO).as("the reactor builds the hello plugin first").exists();
        Files.copy(Nexcage.HELLO, n.plugins().resolve("hello-1.0.0.nexcage-plugin"), StandardCopyOption.REPLACE_EXISTING);
        if (placement().sandboxed()) {
            n.writeConfig(placement().config("hello"));
        }
        return n;
    }

    @BeforeAll
    void startDaemon() throws Exception {
        placement().requireHost();
        // a short path: the kernel limits a socket path to about 107 bytes
        base = Files.createTempDirectory(Paths.get("/tmp"), "nxe2e");
        nx = withHello(base);
        Files.writeString(nx.plugins().resolve("notazip.nexcage-plugin"), "this is not a zip file");
        writeBundle(nx.plugins().resolve("teleporter-1.0.0.jar"), "teleporter", "teleport");
        nx.start();
        // its health check follows its init: a moment in the daemon, the first calls across the bridge sandboxed
        nx.awaitList("hello active and healthy", l -> Nexcage.plugin(l, "hello")
                .map(p -> Nexcage.state(p).equals("active") && p.get("health").asText().equals("healthy")).orElse(false));
        placement().assertRunsHere(nx, "hello");
    }

    @AfterAll
    void stop() throws Exception {
        if (nx != null && nx.alive()) {
            nx.stop();
        }
    }

    static void writeBundle(Path file, String name, String capabilities) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "test." + name);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Description", "a test plugin");
        a.putValue("NexCage-Plugin-Name", name);
        a.putValue("NexCage-Api-Version", "1");
        a.putValue("NexCage-Capabilities", capabilities);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
    }

    private JsonNode pluginsJson() throws Exception {
        Nexcage.Result r = nx.run("plugin", "list", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static JsonNode plugin(JsonNode list, String name) {
        for (JsonNode p : list) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no plugin " + name + " in " + list);
    }

    /** The plugin list once it names every one of these (a fresh file is judged once it stops changing). */
    private JsonNode pluginsJsonWith(String... names) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode list;
        do {
            list = pluginsJson();
            java.util.Set<String> seen = new java.util.HashSet<>();
            list.forEach(p -> seen.add(p.get("name").asText()));
            if (seen.containsAll(List.of(names))) {
                return list;
            }
        } while (System.nanoTime() < deadline);
        return list;
    }

    @Test
    @Order(1)
    void pluginListShowsHelloActiveAndBrokenFilesRejected() throws Exception {
        JsonNode list = pluginsJsonWith("hello", "notazip.nexcage-plugin", "teleporter");
        JsonNode hello = plugin(list, "hello");
        assertThat(hello.get("state").asText()).isEqualTo("active");
        assertThat(hello.get("version").asText()).isEqualTo("1.0.0");
        assertThat(hello.get("health").asText()).isEqualTo("healthy");
        assertThat(hello.get("capabilities").get(0).asText()).isEqualTo("logging");
        assertThat(hello.get("file").asText()).isEqualTo("hello-1.0.0.nexcage-plugin");
        assertThat(hello.get("reason").isNull()).isTrue();

        JsonNode notZip = plugin(list, "notazip.nexcage-plugin");
        assertThat(notZip.get("state").asText()).isEqualTo("rejected");
        assertThat(notZip.get("reason").asText()).contains("not a zip");

        JsonNode teleporter = plugin(list, "teleporter");
        assertThat(teleporter.get("state").asText()).isEqualTo("rejected");
        assertThat(teleporter.get("reason").asText()).contains("NexCage-Capabilities").contains("teleport");
    }

    @Test
    @Order(2)
    void pluginTableAndInfo() throws Exception {
        Nexcage.Result table = nx.run("plugin", "list");
        assertThat(table.exit()).isZero();
        assertThat(table.out().lines().findFirst().orElse("")).startsWith("NAME").contains("STATE").contains("HEALTH");
        assertThat(table.out()).containsPattern("hello\\s+1\\.0\\.0\\s+active\\s+healthy");

        Nexcage.Result info = nx.run("plugin", "info", "hello", "--json");
        assertThat(info.exit()).as(info.err()).isZero();
        JsonNode i = JSON.readTree(info.out());
        assertThat(i.get("api_version").asInt()).isEqualTo(1);
        assertThat(i.get("resources").get("max_memory_mb").asInt()).isEqualTo(32);
        assertThat(i.get("resources").get("timeout_seconds").asInt()).isEqualTo(10);
        assertThat(i.get("resources").get("max_threads").asInt()).isEqualTo(10);
        assertThat(i.get("bundle_id").asLong()).isPositive();

        Nexcage.Result missing = nx.run("plugin", "info", "nosuch");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no plugin named 'nosuch'").contains("plugin list");
    }

    @Test
    @Order(3)
    void helloGreets() throws Exception {
        Nexcage.Result r = nx.run("hello", "World");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Hello, World!\n");
        assertThat(nx.run("hello").out()).isEqualTo("Hello, World!\n");
    }

    @Test
    @Order(4)
    void argvIsNeverReparsedAsAShellLine() throws Exception {
        Nexcage.Result r = nx.run("hello", "x; felix:stop 0");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Hello, x; felix:stop 0!\n");
        assertThat(nx.alive()).isTrue();
        assertThat(nx.run("hello", "again").out()).isEqualTo("Hello, again!\n");
    }

    @Test
    @Order(5)
    void thePluginLogCommandsAnswerAndAreInTheHelp() throws Exception {
        Nexcage.Result logs = nx.run("logs", "--plugin", "hello");
        assertThat(logs.exit()).as(logs.toString()).isZero();
        assertThat(logs.out()).contains("[plugins] plugin hello 1.0.0 is active");
        Nexcage.Result debug = nx.run("--plugin-debug", "hello", "hello", "debugged");
        assertThat(debug.exit()).as(debug.toString()).isZero();
        assertThat(debug.out()).isEqualTo("Hello, debugged!\n");
        assertThat(nx.run("help").out()).contains("\n  logs --plugin NAME [-f]").contains("\n  --plugin-debug NAME [COMMAND ...]");
    }

    @Test
    @Order(5)
    void usageErrorsExitTwo() throws Exception {
        Nexcage.Result unknown = nx.run("frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'frobnicate'").contains("nexcage help");
        Nexcage.Result tooMany = nx.run("hello", "a", "b");
        assertThat(tooMany.exit()).isEqualTo(2);
        assertThat(tooMany.err()).startsWith("nexcage hello:").contains("at most one name");
        Nexcage.Result badFlag = nx.run("plugin", "list", "--yaml");
        assertThat(badFlag.exit()).isEqualTo(2);
        assertThat(badFlag.err()).contains("unknown option '--yaml'");
        assertThat(badFlag.err().lines().count()).isEqualTo(1);
    }

    @Test
    @Order(6)
    void socketIsPrivate() throws Exception {
        assertThat(Files.readAttributes(nx.socket(), java.nio.file.attribute.BasicFileAttributes.class).isOther())
                .as("a socket, not a regular file").isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nx.socket()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nx.state))).isEqualTo("rwx------");
    }

    @Test
    @Order(7)
    void manyTerminalsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Nexcage.Result>> results = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                String name = "client" + i;
                results.add(pool.submit(() -> nx.run("hello", name)));
            }
            for (int i = 0; i < results.size(); i++) {
                Nexcage.Result r = results.get(i).get();
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.out()).isEqualTo("Hello, client" + i + "!\n");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(8)
    void versionShowsClientAndDaemon() throws Exception {
        Nexcage.Result r = nx.run("version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("nexcage client 0.8.0").contains("nexcage daemon 0.8.0");
    }

    /**
     * An ordinary command is one Perl process (bench/README.md, issue 20): a bash in front of it cost
     * as much again as perl's own start. Every bash sources $BASH_ENV first, however it was started,
     * so a marker file shows whether one ran; completion, which the launcher hands to bash, shows
     * that the marker would be written.
     */
    @Test
    @Order(8)
    void anOrdinaryCommandStartsNoBash() throws Exception {
        Path marker = base.resolve("bash-started");
        Path bashEnv = Files.writeString(base.resolve("bash-env"), "echo \"$0\" >> '" + marker + "'\n");
        nx.env.put("BASH_ENV", bashEnv.toString());
        try {
            assertThat(nx.run("plugin", "list").exit()).isZero();
            assertThat(nx.run("hello", "nobash").out()).isEqualTo("Hello, nobash!\n");
            assertThat(nx.run("plugin", "info", "nosuch").exit()).isNotZero();
            assertThat(marker).as("a bash started for an ordinary daemon command").doesNotExist();
            assertThat(nx.run("completion", "bash").exit()).isZero();
            assertThat(marker).as("the marker of a bash that did start").exists();
        } finally {
            nx.env.remove("BASH_ENV");
        }
        // it loads no strict.pm at each start (about 1 ms): the check is made here instead
        Process check = new ProcessBuilder("perl", "-Mstrict", "-Mwarnings", "-c", Nexcage.LAUNCHER.toString())
                .redirectErrorStream(true).start();
        assertThat(check.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(new String(check.getInputStream().readAllBytes())).isEqualTo(Nexcage.LAUNCHER + " syntax OK\n");
    }

    /** The help the build wrote beside runtime.jar from the command table, which the launcher prints. */
    private static String generatedHelp() throws IOException {
        return Files.readString(Nexcage.RUNTIME_JAR.resolveSibling("help.txt"));
    }

    @Test
    @Order(8)
    void everyHelpIsTheDaemonsCommandTable() throws Exception {
        String table = generatedHelp();
        Nexcage.Result help = nx.run("help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith(table).contains("Environment: NEXCAGE_HOME");
        assertThat(nx.run("--help").out()).isEqualTo(help.out());
        // the daemon renders the table of the command groups it has bound: the build's copy must be the same
        String gogo = nx.shell("nexcage:help").replace("\r\n", "\n");
        assertThat(gogo).as("Gogo's nexcage:help").contains(table);
    }

    @Test
    @Order(8)
    void completionComesFromTheTable() throws Exception {
        Nexcage.Result script = nx.run("completion", "bash");
        assertThat(script.exit()).isZero();
        Path file = Files.writeString(base.resolve("completion.bash"), script.out());
        Process bash = new ProcessBuilder("bash", "-c", "source " + file + "; COMP_WORDS=(nexcage plugin in); COMP_CWORD=2; _nexcage;"
                + " echo ${COMPREPLY[@]}; COMP_WORDS=(nexcage con); COMP_CWORD=1; _nexcage; echo ${COMPREPLY[@]}")
                .redirectErrorStream(true).start();
        assertThat(bash.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(new String(bash.getInputStream().readAllBytes())).isEqualTo("info install\nconfig\n");
    }

    @Test
    @Order(9)
    void aSecondDaemonIsRefused() throws Exception {
        Nexcage.Result second = nx.run("daemon");
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.err()).contains("another daemon already runs").contains(nx.state.toString());
        assertThat(nx.run("hello").exit()).isZero();
    }

    @Test
    @Order(10)
    void sigtermStopsCleanlyAndThenCommandsExitThree() throws Exception {
        nx.stop();
        assertThat(nx.daemonLog()).contains("Plugin 'hello' shutting down").contains("NexCage stopped");
        assertThat(nx.socket()).doesNotExist();
        Nexcage.Result r = nx.run("plugin", "list");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("no daemon is running").contains("nexcage daemon");
        assertThat(r.err().lines().count()).isEqualTo(1);
        // a container command's help needs no daemon: the overview stands in for the daemon's own usage
        Nexcage.Result help = nx.run("run", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("run [-d] [--rm] --name ID");
        // a socket path the kernel cannot take is named, not cut short to another path
        nx.env.put("NEXCAGE_SOCKET", "/tmp/" + "s".repeat(110));
        try {
            Nexcage.Result tooLong = nx.run("plugin", "list");
            assertThat(tooLong.exit()).isEqualTo(3);
            assertThat(tooLong.err()).contains("longer than the 107 bytes").contains("NEXCAGE_SOCKET");
        } finally {
            nx.env.remove("NEXCAGE_SOCKET");
        }
        // help and version still work without a daemon, and the help is the same
        Nexcage.Result overview = nx.run("help");
        assertThat(overview.exit()).isZero();
        assertThat(overview.out()).startsWith(generatedHelp());
        Nexcage.Result v = nx.run("version");
        assertThat(v.exit()).isZero();
        assertThat(v.out()).contains("nexcage client 0.8.0");
    }

    @Test
    @Order(11)
    void staleSocketAfterKillNineIsReplacedAtNextStart() throws Exception {
        Nexcage second = withHello(Files.createTempDirectory(Paths.get("/tmp"), "nxe2e"));
        second.start();
        try {
            second.awaitState("hello", "active");
            JsonNode child = Nexcage.plugin(second.list(), "hello").orElseThrow().get("pid");
            long pid = javaPid(second);
            new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
            second.stop();
            if (placement().sandboxed()) {
                // per mode: the daemon's sandboxed child does not outlive it (bubblewrap's --die-with-parent)
                Nexcage.await("hello's child " + child + " to end with its daemon", Nexcage.WAIT,
                        () -> Files.exists(Path.of("/proc/" + child.asLong())), alive -> !alive);
            }
            assertThat(second.socket()).as("kill -9 leaves the socket behind").exists();
            Nexcage.Result stale = second.run("plugin", "list");
            assertThat(stale.exit()).isEqualTo(3);
            second.start();
            assertThat(second.run("hello", "back").out()).isEqualTo("Hello, back!\n");
        } finally {
            second.stop();
        }
    }

    private static long javaPid(Nexcage n) throws Exception {
        Process p = new ProcessBuilder("pgrep", "-f", "nexcage.state=" + n.state).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        assertThat(out).as("the daemon's JVM").isNotEmpty();
        return Long.parseLong(out.lines().findFirst().orElseThrow());
    }
}
