package nexcage.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;

/**
 * The container commands a user types, through the real launcher and a real daemon, on one
 * backend: a subclass names it ({@link #backendName()}), writes what the daemon needs
 * ({@link #configYaml()}, {@link #beforeDaemonStart(Nexcage)}: an engine to start, a plugin file to
 * copy) and makes the image it runs ({@link #prepareImage(Nexcage)}, e.g. with
 * {@link #importImage(String)}: {@code nexcage image import} where the backend keeps images). Every
 * backend passes the same cases: backend list healthy, run --rm echo, the exit code, the detached
 * life cycle (list, exec, logs, stop, delete), kill, list after a daemon restart, images (import
 * from a file and from stdin, list, run, remove) and {@code --network none}. A backend that keeps
 * no images or cannot give no network says so by a documented method, and its refusal is checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class BackendCommandsEndToEnd {
    /** This run's container name prefix: what the clean-up removes. */
    protected final String prefix = "nxb" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 36), 36);
    protected Nexcage nx;
    protected String image;
    private final List<String> made = new ArrayList<>();

    /** The backend under test, as {@code --backend} names it. */
    protected abstract String backendName();

    /** The image the cases run (busybox with sh, echo, sleep, true), made ready on the running daemon. */
    protected abstract String prepareImage(Nexcage nx) throws Exception;

    /** The daemon's config.yaml (written before its start): by default, this backend is the default one. */
    protected String configYaml() {
        return "runtime:\n  default_backend: " + backendName() + "\n";
    }

    /**
     * False for a backend that keeps no images: the image case then checks that {@code image list
     * --backend B} refuses in one line (exit 1) instead of importing, listing, running and removing.
     */
    protected boolean keepsImages() {
        return true;
    }

    /** False for a backend that cannot give a container no network: {@code run --network none} must then fail in one line. */
    protected boolean supportsNetworkNone() {
        return true;
    }

    /** Runs before the daemon starts: start an engine, set {@code nx.env}, copy a plugin file. */
    protected void beforeDaemonStart(Nexcage nx) throws Exception {
    }

    /** Runs after the daemon stopped: stop what {@link #beforeDaemonStart(Nexcage)} started. */
    protected void afterDaemonStop(Nexcage nx) throws Exception {
    }

    @BeforeAll
    void startDaemon() throws Exception {
        nx = new Nexcage(shortTempDir("nxbe"));
        nx.writeConfig(configYaml());
        beforeDaemonStart(nx);
        nx.start();
        awaitHealthy();
        image = prepareImage(nx);
    }

    @AfterAll
    void stopDaemon() throws Exception {
        try {
            if (nx != null && nx.alive()) {
                for (String id : made) {
                    nx.run("delete", "-f", "--backend", backendName(), id);
                }
            }
        } finally {
            try {
                if (nx != null) {
                    nx.stopAndClose();
                }
            } finally {
                afterDaemonStop(nx);
            }
        }
    }

    /** A container id of this run (deleted at the end). */
    protected String id(String what) {
        String id = prefix + "-" + what;
        made.add(id);
        return id;
    }

    /** {@code nexcage image import NAME TARBALL --backend B} of a busybox root file system; returns NAME. */
    protected String importImage(String name) throws Exception {
        Path tar = Engine.busyboxTarball(Map.of());
        try {
            Nexcage.Result r = nx.run("image", "import", name, tar.toString(), "--backend", backendName());
            assertThat(r.exit()).as("nexcage image import %s: %s", name, r).isZero();
            return name;
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /** This backend's entry in {@code backend list --json}, or null. */
    private JsonNode backendEntry() {
        for (JsonNode b : nx.json("backend", "list", "--json")) {
            if (b.get("name").asText().equals(backendName())) {
                return b;
            }
        }
        return null;
    }

    private void awaitHealthy() {
        Nexcage.await("backend " + backendName() + " healthy in backend list", Duration.ofSeconds(30), this::backendEntry,
                b -> b != null && b.get("health").asText().equals("healthy"));
    }

    private JsonNode info(String id) {
        return nx.json("info", "--json", "--backend", backendName(), id);
    }

    private JsonNode listed(String id) {
        for (JsonNode c : nx.json("list", "--json", "--backend", backendName())) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        return null;
    }

    private JsonNode awaitStatus(String id, String status) {
        return Nexcage.await(id + " " + status, Nexcage.START_WAIT, () -> info(id), i -> i.get("status").asText().equals(status));
    }

    @Test
    @Order(1)
    void backendListShowsItHealthy() {
        JsonNode b = backendEntry();
        assertThat(b).as("backend list names %s", backendName()).isNotNull();
        assertThat(b.get("health").asText()).isEqualTo("healthy");
        assertThat(b.get("reason").isNull()).as("a healthy backend has no reason: %s", b).isTrue();
    }

    @Test
    @Order(2)
    void runRmPrintsTheOutputAndLeavesNothing() {
        String id = id("echo");
        Nexcage.Result r = nx.run("run", "--rm", "--name", id, "--backend", backendName(), image, "echo", "hi");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("hi\n");
        Nexcage.await(id + " removed by --rm", Nexcage.START_WAIT, () -> nx.run("info", "--backend", backendName(), id),
                i -> i.exit() == 1);
    }

    @Test
    @Order(3)
    void runPassesTheExitCodeOnTheDefaultBackend() {
        String id = id("exit");
        // no --backend: config.yaml's runtime.default_backend chooses it
        Nexcage.Result r = nx.run("run", "--rm", "--name", id, image, "sh", "-c", "exit 3");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
    }

    @Test
    @Order(4)
    void detachedLifeCycle() {
        String id = id("life");
        Nexcage.Result run = nx.run("run", "-d", "--name", id, "--backend", backendName(), image, "sleep", "300");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out().strip()).isEqualTo(id);
        JsonNode info = awaitStatus(id, "running");
        assertThat(info.get("pid").asLong()).isPositive();
        assertThat(info.get("backend").asText()).isEqualTo(backendName());
        assertThat(info.get("annotations").get("nexcage.managed").asText()).isEqualTo("true");
        JsonNode c = listed(id);
        assertThat(c).as("list shows %s", id).isNotNull();
        assertThat(c.get("status").asText()).isEqualTo("running");
        assertThat(c.get("image").asText()).isEqualTo(image);

        Nexcage.Result exec = nx.run("exec", "--backend", backendName(), id, "echo", "inside");
        assertThat(exec.exit()).as(exec.toString()).isZero();
        assertThat(exec.out()).isEqualTo("inside\n");
        assertThat(nx.run("exec", "--backend", backendName(), id, "sh", "-c", "exit 4").exit()).isEqualTo(4);

        Nexcage.Result refused = nx.run("delete", "--backend", backendName(), id);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains(id).contains("-f");

        Nexcage.Result stop = nx.run("stop", "-t", "2", "--backend", backendName(), id);
        assertThat(stop.exit()).as(stop.toString()).isZero();
        assertThat(info(id).get("status").asText()).isEqualTo("stopped");
        assertThat(nx.run("delete", "--backend", backendName(), id).exit()).isZero();
        Nexcage.Result gone = nx.run("info", "--backend", backendName(), id);
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).contains(id);
        assertThat(listed(id)).isNull();
    }

    @Test
    @Order(5)
    void logsShowTheOutput() {
        String id = id("logs");
        assertThat(nx.run("run", "-d", "--name", id, "--backend", backendName(), image, "echo", "logged").exit()).isZero();
        awaitStatus(id, "stopped");
        Nexcage.Result logs = nx.run("logs", "--backend", backendName(), id);
        assertThat(logs.exit()).as(logs.toString()).isZero();
        assertThat(logs.out()).isEqualTo("logged\n");
    }

    @Test
    @Order(6)
    void killEndsIt() {
        String id = id("kill");
        assertThat(nx.run("run", "-d", "--name", id, "--backend", backendName(), image, "sleep", "300").exit()).isZero();
        awaitStatus(id, "running");
        Nexcage.Result kill = nx.run("kill", "-s", "KILL", "--backend", backendName(), id);
        assertThat(kill.exit()).as(kill.toString()).isZero();
        assertThat(awaitStatus(id, "stopped").get("exit_code").asInt()).isEqualTo(137);
    }

    @Test
    @Order(7)
    void listFindsContainersAfterADaemonRestart() {
        String id = id("restart");
        assertThat(nx.run("run", "-d", "--name", id, "--backend", backendName(), image, "sleep", "300").exit()).isZero();
        awaitStatus(id, "running");
        nx.restart();
        awaitHealthy();
        JsonNode c = listed(id);
        assertThat(c).as("list after the restart shows %s", id).isNotNull();
        assertThat(c.get("status").asText()).isEqualTo("running");
        assertThat(nx.run("delete", "-f", "--backend", backendName(), id).exit()).isZero();
    }

    @Test
    @Order(8)
    void imagesAreImportedFromAFileAndStdinListedRunAndRemoved() throws Exception {
        if (!keepsImages()) {
            Nexcage.Result r = nx.run("image", "list", "--backend", backendName());
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.errLines()).hasSize(1);
            System.out.println("[BackendCommandsEndToEnd] " + backendName() + " keeps no images (keepsImages() is false): "
                    + "only its refusal was checked: " + r.err().strip());
            return;
        }
        Path tar = Engine.busyboxTarball(Map.of());
        String fromFile = prefix + "/file:1";
        String fromStdin = prefix + "/stdin:1";
        try {
            // a relative FILE is the caller's
            Nexcage.Result file = nx.runIn(tar.getParent(), "image", "import", "--backend", backendName(), fromFile,
                    tar.getFileName().toString());
            assertThat(file.exit()).as(file.toString()).isZero();
            Nexcage.Result stdin = nx.runWithInput(null, tar, "image", "import", fromStdin, "-", "--backend", backendName());
            assertThat(stdin.exit()).as(stdin.toString()).isZero();
        } finally {
            Files.deleteIfExists(tar);
        }
        List<String> listed = new ArrayList<>();
        for (JsonNode i : nx.json("image", "list", "--json", "--backend", backendName())) {
            assertThat(i.get("backend").asText()).isEqualTo(backendName());
            listed.add(i.get("name").asText());
        }
        assertThat(listed).contains(fromFile, fromStdin);
        String id = id("imported");
        Nexcage.Result run = nx.run("run", "--rm", "--name", id, "--backend", backendName(), fromStdin, "echo", "imported");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("imported\n");
        for (String name : List.of(fromFile, fromStdin)) {
            Nexcage.Result rm = nx.run("image", "remove", "--backend", backendName(), name);
            assertThat(rm.exit()).as(rm.toString()).isZero();
            assertThat(rm.out()).isEqualTo(name + "\n");
        }
        assertThat(nx.run("image", "list", "--backend", backendName()).out()).doesNotContain(prefix);
        Nexcage.Result missing = nx.run("image", "import", "--backend", backendName(), fromFile, "/nonexistent.tar");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.errLines()).hasSize(1);
    }

    @Test
    @Order(9)
    void networkNoneLeavesOnlyLoopback() {
        String id = id("netnone");
        Nexcage.Result r = nx.run("run", "--rm", "--name", id, "--network", "none", "--backend", backendName(), image,
                "cat", "/proc/net/dev");
        if (!supportsNetworkNone()) {
            assertThat(r.exit()).as(r.toString()).isNotZero();
            assertThat(r.errLines()).hasSize(1);
            System.out.println("[BackendCommandsEndToEnd] " + backendName() + " cannot give no network (supportsNetworkNone() is"
                    + " false): only its refusal was checked: " + r.err().strip());
            return;
        }
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().skip(2).map(String::strip).map(l -> l.substring(0, l.indexOf(':'))).toList())
                .containsExactly("lo");
    }

    /** A short temporary directory (Unix socket paths must stay short), for engines a subclass starts. */
    protected static Path shortTempDir(String prefix) throws Exception {
        return Files.createTempDirectory(Paths.get("/tmp"), prefix);
    }
}
