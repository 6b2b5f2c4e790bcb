package nexcage.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.e2e.Nexcage;
import nexcage.e2e.containers.fixture.HoldStartActivator;
import nexcage.testkit.PluginJar;

/**
 * Every container command through the real launcher and daemon, on the real engine: attached
 * output and exit codes, the detached life cycle, labels after a daemon restart, a veto by a
 * hook, status_changed for a container that exits by itself, and bad input.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path AUDIT = Nexcage.ROOT.resolve("examples/audit-hooks/target/audit-hooks-1.0.0.nexcage-plugin");
    private static final String P = "nx" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private static final String CONFIG = "plugins:\n  audit-hooks:\n    config:\n      deny_pattern: \"" + P + "-deny.*\"\n";
    private static Nexcage nx;
    private static Path HOLD;

    @BeforeAll
    static void start() throws Exception {
        Engine.requireSignalsImage();
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxe2e"));
        HOLD = nx.base.resolve("hold");
        Files.copy(AUDIT, nx.plugins().resolve(AUDIT.getFileName()));
        Files.createDirectories(HOLD);
        PluginJar.corpusPlugin("hold-start", "e2e.fixture", "holdstart", "container tests")
                .header("Bundle-Activator", HoldStartActivator.class.getName())
                .header("Import-Package", "nexcage.api.hooks;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.8,2)\"")
                .header("Hold-Dir", HOLD.toString())
                .classFrom(ContainerEndToEndTest.class.getClassLoader(), HoldStartActivator.class.getName())
                .writeTo(nx.plugins().resolve("hold-start-1.0.0.nexcage-plugin"));
        Files.writeString(nx.home.resolve("config.yaml"), CONFIG);
        nx.start();
        awaitHealthy();
    }

    @AfterAll
    static void stop() throws Exception {
        if (nx != null) {
            nx.stop();
        }
        Engine.removeAll(P);
    }

    private static void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            Nexcage.Result r = nx.run("backend", "list", "--json");
            last = r.out() + r.err();
            if (r.exit() == 0 && Engine.dockerHealthy(r.out())) {
                return;
            }
            nx.run("version");
        }
        throw new AssertionError("the docker backend did not become healthy: " + last + "\n" + nx.daemonLog());
    }

    @Test
    @Order(1)
    void backendListShowsDockerHealthyWithItsVersion() throws Exception {
        Nexcage.Result r = nx.run("backend", "list", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode docker = JSON.readTree(r.out()).get(0);
        assertThat(docker.get("name").asText()).isEqualTo("docker");
        assertThat(docker.get("plugin").asText()).isEqualTo("docker");
        assertThat(docker.get("health").asText()).isEqualTo("healthy");
        assertThat(docker.get("version").asText()).isNotBlank();
        assertThat(docker.get("reason").isNull()).isTrue();
        Nexcage.Result list = nx.run("plugin", "list", "--json");
        assertThat(list.out()).contains("\"docker\"");
    }

    @Test
    @Order(2)
    void runAttachedPrintsTheOutputAndPassesTheExitCode() throws Exception {
        Nexcage.Result hi = nx.run("run", "--rm", "--name", P + "-a", Engine.IMAGE, "echo", "hi");
        assertThat(hi.exit()).as(hi.err()).isZero();
        assertThat(hi.out()).isEqualTo("hi\n");
        Nexcage.Result three = nx.run("run", "--rm", "--name", P + "-b", Engine.IMAGE, "sh", "-c", "exit 3");
        assertThat(three.exit()).as(three.err()).isEqualTo(3);
        assertThat(Engine.docker("ps", "-aq", "--filter", "name=^/" + P + "-[ab]$").out()).as("--rm removed both").isBlank();
    }

    @Test
    @Order(3)
    void detachedLifeCycle() throws Exception {
        String id = P + "-d";
        Nexcage.Result run = nx.run("run", "-d", "--name", id, Engine.IMAGE, "sleep", "300");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().trim()).isEqualTo(id);

        JsonNode info = JSON.readTree(nx.run("info", id, "--json").out());
        assertThat(info.get("status").asText()).isEqualTo("running");
        assertThat(info.get("pid").asLong()).isPositive();
        assertThat(info.get("backend").asText()).isEqualTo("docker");
        assertThat(info.get("oci_version").asText()).isNotBlank();
        assertThat(info.get("annotations").get("nexcage.managed").asText()).isEqualTo("true");
        assertThat(info.get("annotations").get("nexcage.plugins").asText()).contains("docker=0.8.0");
        // set once, by the core: the id, the backend, and the version of the runtime that made it
        assertThat(info.get("annotations").get("nexcage.id").asText()).isEqualTo(id);
        assertThat(info.get("annotations").get("nexcage.backend").asText()).isEqualTo("docker");
        assertThat(info.get("annotations").get("nexcage.version").asText()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(nx.run("version").out()).contains("nexcage daemon " + info.get("annotations").get("nexcage.version").asText() + " ");

        boolean listed = false;
        for (JsonNode c : JSON.readTree(nx.run("list", "--json").out())) {
            if (c.get("id").asText().equals(id)) {
                listed = true;
                assertThat(c.get("status").asText()).isEqualTo("running");
                assertThat(c.get("image").asText()).isEqualTo(Engine.IMAGE);
                assertThat(c.get("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            }
        }
        assertThat(listed).as("list shows " + id).isTrue();

        Nexcage.Result exec = nx.run("exec", id, "echo", "inside");
        assertThat(exec.exit()).as(exec.err()).isZero();
        assertThat(exec.out()).isEqualTo("inside\n");
        assertThat(nx.run("exec", id, "sh", "-c", "exit 4").exit()).isEqualTo(4);

        Nexcage.Result del = nx.run("delete", id);
        assertThat(del.exit()).isEqualTo(1);
        assertThat(del.err()).contains("-f");

        assertThat(nx.run("stop", id, "-t", "1").exit()).isZero();
        assertThat(JSON.readTree(nx.run("info", id, "--json").out()).get("status").asText()).isEqualTo("stopped");
        assertThat(nx.run("start", id).exit()).isZero();
        assertThat(JSON.readTree(nx.run("info", id, "--json").out()).get("status").asText()).isEqualTo("running");
        assertThat(nx.run("kill", id, "-s", "KILL").exit()).isZero();
        assertThat(JSON.readTree(nx.run("info", id, "--json").out()).get("status").asText()).isEqualTo("stopped");
        assertThat(nx.run("delete", id).exit()).isZero();
        Nexcage.Result gone = nx.run("info", id);
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).contains(id);
    }

    @Test
    @Order(4)
    void logsShowTheOutput() throws Exception {
        String id = P + "-l";
        assertThat(nx.run("create", "--name", id, Engine.IMAGE, "echo", "logged").exit()).isZero();
        assertThat(nx.run("start", id).exit()).isZero();
        Nexcage.Result logs = awaitLogs(id, "logged");
        assertThat(logs.exit()).isZero();
        assertThat(nx.run("logs", id, "-n", "1").out()).isEqualTo("logged\n");
        assertThat(nx.run("delete", "-f", id).exit()).isZero();
    }

    private static Nexcage.Result awaitLogs(String id, String text) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Nexcage.Result r;
        do {
            r = nx.run("logs", id);
        } while (!r.out().contains(text) && System.nanoTime() < deadline);
        return r;
    }

    @Test
    @Order(5)
    void aHookVetoStopsTheCreate() throws Exception {
        Nexcage.Result r = nx.run("run", "--name", P + "-deny1", Engine.IMAGE, "echo", "no");
        assertThat(r.exit()).isEqualTo(125);
        assertThat(r.err()).contains("vetoed by audit-hooks");
        assertThat(Engine.docker("ps", "-aq", "--filter", "name=" + P + "-deny1").out()).isBlank();
        Nexcage.Result c = nx.run("create", "--name", P + "-deny2", Engine.IMAGE);
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err()).contains("vetoed by audit-hooks");
    }

    @Test
    @Order(6)
    void aContainerThatExitsByItselfFiresStatusChanged() throws Exception {
        String id = P + "-s";
        assertThat(nx.run("run", "-d", "--name", id, Engine.IMAGE, "sh", "-c", "exit 7").exit()).isZero();
        Path audit = nx.state.resolve("audit-hooks.jsonl");
        long deadline = System.nanoTime() + 15_000_000_000L;
        JsonNode found = null;
        while (found == null && System.nanoTime() < deadline) {
            for (String line : Engine.read(audit).split("\n")) {
                if (line.contains("container.status_changed") && line.contains(id)) {
                    JsonNode n = JSON.readTree(line);
                    if ("7".equals(n.get("metadata").path("exit_code").asText())) {
                        found = n;
                    }
                }
            }
            nx.run("version");
        }
        assertThat(found).as("a status_changed line with exit_code 7 for " + id + " in " + Engine.read(audit)).isNotNull();
        assertThat(found.get("metadata").get("status").asText()).isEqualTo("stopped");
        nx.run("delete", "-f", id);
    }

    @Test
    @Order(7)
    void badInputIsRefusedBeforeTheEngine() throws Exception {
        Nexcage.Result badId = nx.run("run", "--name", "-bad", Engine.IMAGE, "echo");
        assertThat(badId.exit()).isEqualTo(2);
        assertThat(badId.err()).contains("container id '-bad'");
        Nexcage.Result badArg = nx.run("run", "--name", P + "-x", Engine.IMAGE, "echo", "$(id)");
        assertThat(badArg.exit()).isEqualTo(2);
        assertThat(badArg.err()).contains("forbidden character");
        Nexcage.Result noImage = nx.run("run", "--rm", "--name", P + "-y", "nexcage-test/nosuch:1", "echo");
        assertThat(noImage.exit()).isEqualTo(125);
        assertThat(noImage.err()).contains("nexcage-test/nosuch:1");
        assertThat(noImage.err().lines().count()).isEqualTo(1);
        Nexcage.Result unknownBackend = nx.run("create", "--name", P + "-z", "--backend", "nosuch", Engine.IMAGE);
        assertThat(unknownBackend.exit()).isEqualTo(2);
        assertThat(unknownBackend.err()).contains("nosuch").contains("docker");

        String dup = P + "-dup";
        assertThat(nx.run("create", "--name", dup, Engine.IMAGE, "sleep", "5").exit()).isZero();
        Nexcage.Result again = nx.run("create", "--name", dup, Engine.IMAGE, "sleep", "5");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains(dup).contains("in use");
        assertThat(nx.run("delete", "-f", dup).exit()).isZero();
    }

    @Test
    @Order(8)
    void managedContainersAreListedAfterADaemonRestartAndTheOthersWithAll() throws Exception {
        String id = P + "-keep";
        assertThat(nx.run("run", "-d", "--name", id, Engine.IMAGE, "sleep", "300").exit()).isZero();
        String foreign = P + "-foreign";
        assertThat(Engine.docker("run", "-d", "--name", foreign, Engine.IMAGE, "sleep", "300").exit()).isZero();
        nx.stop();
        nx.start();
        awaitHealthy();
        Nexcage.Result list = nx.run("list", "--json");
        assertThat(list.out()).contains("\"" + id + "\"").doesNotContain(foreign);
        assertThat(nx.run("list", "--all", "--json").out()).contains(foreign);
        assertThat(nx.run("list").out().lines().findFirst().orElse("")).startsWith("ID");
        nx.run("delete", "-f", id);
    }

    @Test
    @Order(9)
    void withTheBackendDisabledContainerCommandsSayNoBackendIsAvailable() throws Exception {
        // every shipped backend plugin, not docker alone: the oci and lxc ones are backends too
        List<String> backends = List.of("docker", "oci", "lxc");
        try {
            for (String b : backends) {
                assertThat(nx.run("plugin", "disable", b).exit()).as("disable " + b).isZero();
            }
            Nexcage.Result r = nx.run("list");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("no container backend is available");
        } finally {
            for (String b : backends) {
                nx.run("plugin", "enable", b);
            }
        }
        awaitHealthy();
        assertThat(nx.run("list").exit()).isZero();
    }

    @Test
    @Order(10)
    void stoppingAStoppedContainerSucceedsAsWithDocker() throws Exception {
        String id = P + "-st";
        assertThat(nx.run("create", "--name", id, Engine.IMAGE, "echo", "x").exit()).isZero();
        Nexcage.Result stop = nx.run("stop", id);
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(stop.out().trim()).isEqualTo(id);
        Nexcage.Result missing = nx.run("stop", P + "-nosuch");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains(P + "-nosuch");
        assertThat(nx.run("delete", id).exit()).isZero();
    }

    @Test
    @Order(11)
    void ctrlCOfAnAttachedRunReachesTheContainerAndRmStillRemovesIt() throws Exception {
        String id = P + "-int";
        Client c = attachedRun(id, true, "/wait.sh");
        c.signal("INT");
        assertEndedByIntAndRemoved(c.process, c.err, id, "the client ends with its container");
    }

    @Test
    @Order(12)
    void aThirdCtrlCLeavesTheRunWhileTheContainerGoesOnAndRmStillRemovesItLater() throws Exception {
        String id = P + "-stubborn";
        Client c = attachedRun(id, true, "/stubborn.sh");
        for (String sig : new String[] {"HUP", "TERM", "INT"}) {
            c.signal(sig);
            c.awaitOutput("got " + sig + "\n");
        }
        c.signal("INT");
        assertThat(c.process.waitFor(30, TimeUnit.SECONDS)).as("the third INT or TERM ends the client").isTrue();
        assertThat(c.process.exitValue()).as(Engine.read(c.err)).isEqualTo(130);
        assertThat(Engine.read(c.err)).contains("nexcage: stopped waiting for " + id + "; if it runs, follow it with "
                + "'nexcage logs -f " + id + "' or stop it with 'nexcage stop " + id + "'");
        assertThat(Engine.docker("inspect", "-f", "{{.State.Running}}", id).out().trim()).isEqualTo("true");
        // with its client gone the daemon still waits for the exit, so --rm removes it, as Docker's auto-remove does
        assertThat(nx.run("stop", "-t", "1", id).exit()).isZero();
        awaitGone(id, "--rm removed " + id + " after it stopped");
    }

    @Test
    @Order(13)
    void aFollowerOrExecWhoseClientWasStoppedNoLongerHoldsTheDaemon() throws Exception {
        String id = P + "-follow";
        assertThat(nx.run("run", "-d", "--name", id, Engine.IMAGE, "sleep", "300").exit()).isZero();
        Process follower = nx.spawn(nx.base.resolve(id + ".logs"), nx.base.resolve(id + ".logs.err"), "logs", "-f", id);
        Process exec = nx.spawn(nx.base.resolve(id + ".exec"), nx.base.resolve(id + ".exec.err"), "exec", id, "sleep", "300");
        awaitThreadsInTheDaemon("logs", 1);
        awaitThreadsInTheDaemon("exec", 1);
        follower.destroy(); // SIGTERM, as Ctrl-C would
        exec.destroy();
        assertThat(follower.waitFor(10, TimeUnit.SECONDS) && exec.waitFor(10, TimeUnit.SECONDS)).isTrue();
        // silent processes give the daemon no output to fail on: it must notice the hang-up itself
        awaitThreadsInTheDaemon("logs", 0);
        awaitThreadsInTheDaemon("exec", 0);
        assertThat(nx.run("delete", "-f", id).exit()).isZero();
    }

    @Test
    @Order(14)
    void aClientStoppedBeforeTheStartLeavesNoContainerBehind() throws Exception {
        String id = P + "-held";
        long since = java.time.Instant.now().getEpochSecond() - 1;
        Process client = nx.spawn(nx.base.resolve(id + ".out"), nx.base.resolve(id + ".err"),
                "run", "--rm", "--name", id, Engine.IMAGE, "echo", "never");
        awaitHeld(client, id);
        client.destroyForcibly(); // the client killed (a closed terminal) while pre_start hooks run
        assertThat(client.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Files.writeString(HOLD.resolve(id + ".release"), "go\n");
        awaitGone(id, "--rm removed " + id);
        assertThat(engineActions(id, since)).contains("create").contains("destroy").doesNotContain("start");
        // the daemon logs this once the removal is done, so it may come just after the container is gone
        String line = "run " + id + ": the client went away before the start, so the container was not started and was removed";
        Nexcage.await("the daemon's line saying " + id + " was not started and was removed", Nexcage.WAIT, nx::daemonLog,
                t -> t.contains(line));
    }

    @Test
    @Order(15)
    void aCtrlCDuringThePreStartHooksStopsTheContainerOnceItRuns() throws Exception {
        String id = P + "-int-held";
        long since = java.time.Instant.now().getEpochSecond() - 1;
        interruptWhileHeld(id, () -> { });
        assertThat(engineActions(id, since)).contains("start").contains("kill").contains("destroy");
    }

    @Test
    @Order(16)
    void aCtrlCDuringThePreCreateHooksStopsTheContainerOnceItRuns() throws Exception {
        String id = P + "-int-held-create";
        long since = java.time.Instant.now().getEpochSecond() - 1;
        interruptWhileHeld(id, () -> assertThat(Engine.docker("ps", "-aq", "--filter", "name=^/" + id + "$").out())
                .as("not created yet").isBlank());
        assertThat(engineActions(id, since)).contains("create").contains("start").contains("kill").contains("destroy");
    }

    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }

    /**
     * Starts {@code run --rm} of a container the fixture holds, checks {@code whileHeld}, sends the
     * client INT, lets the container go on, and expects the held INT to end the run with 130 and
     * {@code --rm} to have removed it.
     */
    private static void interruptWhileHeld(String id, Check whileHeld) throws Exception {
        Path err = nx.base.resolve(id + ".err");
        Process client = nx.spawn(nx.base.resolve(id + ".out"), err, "run", "--rm", "--name", id, Engine.SIGNALS_IMAGE, "sh", "/wait.sh");
        awaitHeld(client, id);
        whileHeld.run();
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(client.pid())).start().waitFor()).isZero();
        Files.writeString(HOLD.resolve(id + ".release"), "go\n");
        assertEndedByIntAndRemoved(client, err, id, "the held INT ends the container, and the run with it");
    }

    /** The client of {@code run --rm} ends (bounded) with 130 (SIGINT), and its container is gone. */
    private static void assertEndedByIntAndRemoved(Process client, Path err, String id, String why) throws Exception {
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).as(why).isTrue();
        assertThat(client.exitValue()).as(Engine.read(err)).isEqualTo(130);
        assertThat(Engine.docker("ps", "-aq", "--filter", "name=^/" + id + "$").out()).as("--rm removed it").isBlank();
    }

    @Test
    @Order(17)
    void anAttachedRunWithoutRmWhoseClientWasKilledNoLongerHoldsTheDaemon() throws Exception {
        String id = P + "-left";
        Client c = attachedRun(id, false, "/wait.sh");
        awaitThreadsInTheDaemon("create", 1);
        c.process.destroyForcibly(); // a closed terminal: nobody is left to read the output or the exit code
        assertThat(c.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        awaitThreadsInTheDaemon("create", 0);
        assertThat(Engine.docker("inspect", "-f", "{{.State.Running}}", id).out().trim()).as("it goes on, as with docker run")
                .isEqualTo("true");
        assertThat(nx.daemonLog()).contains("run " + id + ": the client went away, so the daemon stopped waiting; the container"
                + " goes on running ('nexcage logs -f " + id + "' follows it)");
        assertThat(nx.run("delete", "-f", id).exit()).isZero();
    }

    @Test
    @Order(18)
    void anAttachedRunFiresPostStartOnceItsContainerRunsNotAtItsExit() throws Exception {
        String id = P + "-poststart";
        Client c = attachedRun(id, true, "/wait.sh");
        // post_start runs before the output is copied, so its line is written before 'ready' reaches the client
        List<String> hooks = new ArrayList<>();
        for (String line : Engine.read(nx.state.resolve("audit-hooks.jsonl")).split("\n")) {
            String hook = line.contains("\"container_id\":\"" + id + "\"") ? JSON.readTree(line).get("hook").asText() : "";
            if (hook.startsWith("container.pre_") || hook.startsWith("container.post_")) { // status_changed comes in its own time
                hooks.add(hook);
            }
        }
        assertThat(hooks).as("the pre and post hooks seen while " + id + " runs").containsExactly("container.pre_create", "container.post_create",
                "container.pre_start", "container.post_start");
        c.signal("INT");
        assertThat(c.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(c.process.exitValue()).as(Engine.read(c.err)).isEqualTo(130);
    }

    @Test
    @Order(19)
    void runRmIsTheEnginesAutoRemoveSoItHoldsWhenTheBackendStopsMidRun() throws Exception {
        String id = P + "-rm-kept";
        Path out = nx.base.resolve(id + ".out");
        Path err = nx.base.resolve(id + ".err");
        Client c = new Client(nx.spawn(out, err, "run", "--rm", "--name", id, Engine.IMAGE, "sleep", "3"), out, err);
        awaitStatus(id, "running");
        assertThat(nx.run("plugin", "disable", "docker").exit()).isZero();
        assertThat(c.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(c.process.exitValue()).isEqualTo(125);
        assertThat(Engine.read(err)).contains("the Docker backend was stopped");
        assertThat(nx.run("plugin", "enable", "docker").exit()).isZero();
        awaitHealthy();
        awaitGone(id, "the engine removed " + id + " once it exited");
    }

    @Test
    @Order(20)
    void optionsAreReadAsDockerReadsThem() throws Exception {
        String id = P + "-opts";
        // a flag may be written =false; -- ends the options
        Nexcage.Result attached = nx.run("run", "-d=false", "--rm=false", "--name", id, "--", Engine.IMAGE, "echo", "--", "hi");
        assertThat(attached.exit()).as(attached.err()).isZero();
        assertThat(attached.out()).isEqualTo("-- hi\n");
        assertThat(Engine.docker("ps", "-aq", "--filter", "name=^/" + id + "$").out()).as("--rm=false kept it").isNotBlank();
        Nexcage.Result bad = nx.run("run", "--rm=yes", "--name", id + "x", Engine.IMAGE);
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("option --rm takes no value, or =true or =false; got '--rm=yes'");
        // help, per command, on stdout with exit 0
        Nexcage.Result help = nx.run("stop", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("usage: nexcage stop [-t S] [--backend B] ID...\n");
        // several IDs, as docker takes them: each one done is printed, one missing does not stop the rest
        String other = P + "-opts2";
        assertThat(nx.run("create", "--name", other, Engine.IMAGE, "true").exit()).isZero();
        Nexcage.Result deleted = nx.run("delete", id, P + "-nosuch", other);
        assertThat(deleted.exit()).isEqualTo(1);
        assertThat(deleted.out()).isEqualTo(id + "\n" + other + "\n");
        assertThat(deleted.err()).contains(P + "-nosuch");
        // run fails with 125, attached or not, as docker run does; create with 1
        assertThat(nx.run("run", "-d", "--name", id, "nexcage-test/no-such-image").exit()).isEqualTo(125);
        assertThat(nx.run("create", "--name", id, "nexcage-test/no-such-image").exit()).isEqualTo(1);
        // signals in any case; a name that is none is refused before the engine
        assertThat(nx.run("run", "-d", "--name", id, Engine.IMAGE, "sleep", "60").exit()).isZero();
        Nexcage.Result unknownSignal = nx.run("kill", "-s", "BOGUS", id);
        assertThat(unknownSignal.exit()).isEqualTo(2);
        assertThat(unknownSignal.err()).contains("'BOGUS' is not a signal");
        assertThat(nx.run("kill", "-s", "sigterm", id).out()).isEqualTo(id + "\n");
        awaitStatus(id, "stopped");
        JsonNode info = nx.json("info", "--json", id);
        assertThat(info.get("exit_code").asInt()).as(info.toString()).isEqualTo(143);
        assertThat(nx.run("logs", "-n", "all", id).exit()).isZero();
        assertThat(nx.run("delete", id).exit()).isZero();
    }

    @Test
    @Order(21)
    void anImageTheEngineRefusesIsSaidWithTheFix() throws Exception {
        String id = P + "-img";
        Nexcage.Result noCommand = nx.run("create", "--name", id, Engine.IMAGE); // an imported image has no CMD
        assertThat(noCommand.exit()).isEqualTo(1);
        assertThat(noCommand.err()).isEqualTo("nexcage create: image " + Engine.IMAGE + " has no command of its own; give one after"
                + " the image, e.g. nexcage run --name " + id + " " + Engine.IMAGE + " sh\n");
        Nexcage.Result upper = nx.run("run", "--name", id, "NEXCAGE-test/busybox", "true");
        assertThat(upper.exit()).isEqualTo(125);
        assertThat(upper.err()).isEqualTo("nexcage run: image NEXCAGE-test/busybox is not a reference the engine takes (repository"
                + " name must be lowercase); write it as name[:tag] in lowercase, e.g. busybox:latest\n");
    }

    @Test
    @Order(22)
    void aRunRmWhoseStartIsVetoedLeavesNoContainer() throws Exception {
        String id = P + "-veto-start";
        Nexcage.Result r = nx.run("run", "--rm", "--name", id, Engine.IMAGE, "true");
        assertThat(r.exit()).isEqualTo(125);
        assertThat(r.err()).contains("the fixture vetoes the start of " + id);
        assertThat(Engine.docker("ps", "-aq", "--filter", "name=^/" + id + "$").out()).as("--rm removed it").isBlank();
        Nexcage.Result kept = nx.run("run", "-d", "--name", id, Engine.IMAGE, "true");
        assertThat(kept.exit()).isEqualTo(125);
        assertThat(nx.run("delete", id).exit()).as("without --rm the created container stays, as a failed start leaves it")
                .isZero();
    }

    @Test
    @Order(23)
    void aBackendNameInConfigThatIsNotThereKeepsRunningContainersManageableAndSaysWhereItCameFrom() throws Exception {
        String id = P + "-cfg";
        assertThat(nx.run("run", "-d", "--name", id, Engine.IMAGE, "sleep", "60").exit()).isZero();
        Path file = nx.home.resolve("config.yaml");
        Files.writeString(file, "runtime:\n  default_backend: ghostd\n" + CONFIG);
        try {
            assertThat(nx.run("config", "reload").exit()).isZero();
            Nexcage.Result created = nx.run("run", "--name", id + "2", Engine.IMAGE, "true");
            assertThat(created.exit()).isEqualTo(125);
            assertThat(created.err()).isEqualTo("nexcage run: there is no backend 'ghostd' (named by runtime.default_backend in"
                    + " config.yaml); the available backends are docker, lxc, oci: fix config.yaml, or pass --backend docker\n");
            // the container that runs is found where it is
            assertThat(nx.run("info", id).exit()).isZero();
            assertThat(nx.run("exec", id, "true").exit()).isZero();
            assertThat(nx.run("stop", "-t", "0", id).out()).isEqualTo(id + "\n");
        } finally {
            Files.writeString(file, CONFIG);
            assertThat(nx.run("config", "reload").exit()).isZero();
        }
        assertThat(nx.run("delete", id).exit()).isZero();
    }

    @Test
    @Order(24)
    void aCommandThatIsNotInTheImageIs127AndOneThatCannotRunIs126AsWithDockerRun() throws Exception {
        // the container's init (Docker's Init) reports these with docker run's codes, and the attached run passes them on
        Nexcage.Result missing = nx.run("run", "--rm", "--name", P + "-nocmd", Engine.IMAGE, "no-such-command");
        assertThat(missing.exit()).as(missing.err()).isEqualTo(127);
        assertThat(missing.err()).contains("no-such-command");
        Nexcage.Result notExecutable = nx.run("run", "--rm", "--name", P + "-noexec", Engine.IMAGE, "/bin");
        assertThat(notExecutable.exit()).as(notExecutable.err()).isEqualTo(126);
        // detached, the start succeeds (the init runs) and the container ends with the same code
        String id = P + "-nocmd-d";
        assertThat(nx.run("run", "-d", "--name", id, Engine.IMAGE, "no-such-command").exit()).isZero();
        awaitStatus(id, "stopped");
        assertThat(JSON.readTree(nx.run("info", "--json", id).out()).get("exit_code").asInt()).isEqualTo(127);
        assertThat(nx.run("delete", id).exit()).isZero();
    }

    /** Waits (bounded) until the engine has no container named {@code id}. */
    @Test
    @Order(90)
    void aDaemonKilledDuringAnAttachedRunEndsItsClientWithDockers125() throws Exception {
        String id = P + "-orphan";
        Client c = attachedRun(id, false, "/stubborn.sh");
        c.signal("TERM"); // passed on to a container that names it and goes on
        c.awaitOutput("got TERM");
        nx.kill9();
        assertThat(c.process.waitFor(20, TimeUnit.SECONDS)).as("the client ends with its daemon").isTrue();
        assertThat(c.process.exitValue()).as("run's own failures are 125, as docker run's: " + Engine.read(c.err)).isEqualTo(125);
        assertThat(Engine.read(c.err)).contains("the daemon closed the connection before it answered");
        nx.start();
        awaitHealthy();
        assertThat(nx.run("delete", "-f", id).exit()).isZero();
    }

    private static void awaitGone(String id, String why) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Engine.docker("ps", "-aq", "--filter", "name=^/" + id + "$").out().isBlank()) {
            assertThat(System.nanoTime()).as(why).isLessThan(deadline);
            nx.run("version");
        }
    }

    private static void awaitStatus(String id, String status) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!nx.run("info", "--json", id).out().contains("\"status\" : \"" + status + "\"")) {
            assertThat(System.nanoTime()).as(id + " becomes " + status).isLessThan(deadline);
        }
    }

    /** Waits (bounded) until the hold-start plugin holds the create or start of {@code id}. */
    private static void awaitHeld(Process client, String id) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(HOLD.resolve(id + ".holding"))) {
            if (client.waitFor(50, TimeUnit.MILLISECONDS) || System.nanoTime() > deadline) {
                throw new AssertionError("the pre_start hook never held " + id + "\n" + nx.daemonLog());
            }
        }
    }

    /** The engine's events for the container named {@code id} since then, their actions one per line. */
    private static String engineActions(String id, long since) throws Exception {
        return Engine.docker("events", "--since", Long.toString(since), "--until", Long.toString(java.time.Instant.now().getEpochSecond() + 1),
                "--filter", "container=" + id, "--format", "{{.Action}}").out();
    }

    /** Waits (bounded) until this many daemon threads run {@code nexcage COMMAND}, as jcmd's thread dump shows. */
    private static void awaitThreadsInTheDaemon(String command, int want) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String frame = "ContainerCommands." + command + "(";
        long deadline = System.nanoTime() + 30_000_000_000L;
        int seen = -1;
        String dump = "";
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(nx.pid()), "Thread.print").redirectErrorStream(true).start();
            dump = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("jcmd answers").isTrue();
            seen = dump.split(java.util.regex.Pattern.quote(frame), -1).length - 1;
            if (seen == want) {
                return;
            }
        }
        throw new AssertionError("the daemon has " + seen + " threads in 'nexcage " + command + "', not " + want + ":\n" + dump);
    }

    /** A client of an attached run in the background, its output in files. */
    private record Client(Process process, Path out, Path err) {
        void signal(String name) throws Exception {
            assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor()).isZero();
        }

        /** Waits (bounded) until the client has printed this text, failing early if it ends. */
        void awaitOutput(String text) throws Exception {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!Engine.read(out).contains(text)) {
                if (process.waitFor(50, TimeUnit.MILLISECONDS) || System.nanoTime() > deadline) {
                    throw new AssertionError("the client printed no '" + text.trim() + "' (" + (process.isAlive() ? "still running"
                            : "exit " + process.exitValue()) + "); out: " + Engine.read(out) + " err: " + Engine.read(err)
                            + "\n" + nx.daemonLog());
                }
            }
        }
    }

    /** Starts {@code nexcage run [--rm] --name ID SIGNALS_IMAGE sh SCRIPT} and waits until its container says ready. */
    private static Client attachedRun(String id, boolean rm, String script) throws Exception {
        List<String> args = new ArrayList<>(List.of("run"));
        if (rm) {
            args.add("--rm");
        }
        args.addAll(List.of("--name", id, Engine.SIGNALS_IMAGE, "sh", script));
        Path out = nx.base.resolve(id + ".out");
        Path err = nx.base.resolve(id + ".err");
        Client c = new Client(nx.spawn(out, err, args.toArray(String[]::new)), out, err);
        c.awaitOutput("ready\n");
        return c;
    }
}
