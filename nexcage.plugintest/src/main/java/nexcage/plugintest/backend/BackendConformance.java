package nexcage.plugintest.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;
import nexcage.api.backend.ManagedLabels;

/**
 * The cases every container backend passes, on its real engine: a backend plugin's test extends
 * this class, returns its backend from {@link #backend()} and an image holding busybox (with
 * {@code sh}, {@code echo}, {@code cat}, {@code sleep}, {@code true} and {@code false} linked) from
 * {@link #image()}, and runs it with the plugin's other tests:
 *
 * <pre>{@code
 * class MyConformanceTest extends BackendConformance {
 *     static final MyBackend BACKEND = new MyBackend(...);
 *     protected ContainerBackend backend() { return BACKEND; }
 *     protected String image() { return "busybox:latest"; }
 * }
 * }</pre>
 *
 * <p>The semantics are those of the Docker backend: a stopped container's exit code is its
 * command's (128 + the signal when a signal ended it, as {@code docker run --init}: the command
 * itself gets {@code TERM}), a command missing from the image is {@code COMMAND_NOT_FOUND} or exit
 * 127, and failures carry their {@link Reason} and a one-line message.
 *
 * <p>Nothing is skipped silently. A backend that cannot do something overrides the documented
 * {@code supports...()} method to return false; the case then checks that the backend refuses it
 * with {@code UNSUPPORTED} (or, for a network, with any one-line {@link BackendException}) and
 * prints a line saying what was not run, which the test output shows.
 *
 * <p>Each case makes its own containers (ids starting {@code nxc-}) and deletes them afterwards.
 */
public abstract class BackendConformance {

    private final List<String> made = new ArrayList<>();

    /** The backend under test, on its real engine (the same instance for every case is fine). */
    protected abstract ContainerBackend backend();

    /** An image the backend can run, holding busybox with sh, echo, cat, sleep, true and false. */
    protected abstract String image();

    /** False when the backend cannot exec in a container: {@code exec} must then throw UNSUPPORTED. */
    protected boolean supportsExec() {
        return true;
    }

    /** False when the backend keeps no logs: {@code logs} must then throw UNSUPPORTED. */
    protected boolean supportsLogs() {
        return true;
    }

    /** False when the backend cannot remove a container on exit: such a create must throw UNSUPPORTED. */
    protected boolean supportsAutoRemove() {
        return true;
    }

    /** False when the backend cannot give a container no network: such a create must be refused. */
    protected boolean supportsNetworkNone() {
        return true;
    }

    /**
     * The exit code of a command missing from the image when the engine starts the container anyway
     * and its init reports the failure: 127, as {@code docker run}; an engine whose init says
     * otherwise overrides this (Podman's catatonit exits 1), and the case prints the difference.
     */
    protected int missingCommandExitCode() {
        return 127;
    }

    /** How long a case waits for a container to reach a state. */
    protected Duration timeout() {
        return Duration.ofSeconds(20);
    }

    @BeforeEach
    void backendIsHealthy() {
        BackendHealth h = backend().health();
        assertEquals(BackendHealth.State.HEALTHY, h.state(), () -> "the " + backend().name()
                + " backend is not healthy (" + h.reason() + "); the conformance cases need its real engine");
    }

    @AfterEach
    void deleteMadeContainers() {
        for (String id : made) {
            try {
                backend().delete(id, true);
            } catch (BackendException | RuntimeException gone) {
                // removed by the case, or by the engine (autoRemove)
            }
        }
    }

    @Test
    void attachedRunPassesOutputAndExitZero() throws Exception {
        String id = create("echo", "echo", "hi");
        ContainerOutput o = new ContainerOutput();
        assertEquals(0, backend().startAttached(id, o.out, o.err));
        assertEquals("hi\n", o.out());
        assertEquals(ContainerStatus.STOPPED, backend().info(id).status());
    }

    @Test
    void exitCodeIsPassed() throws Exception {
        String id = create("exit", "sh", "-c", "exit 3");
        assertEquals(3, backend().startAttached(id, OutputStream.nullOutputStream(), OutputStream.nullOutputStream()));
        assertEquals(Integer.valueOf(3), backend().info(id).exitCode());
    }

    @Test
    void commandNotInTheImageIsCommandNotFoundOr127() throws Exception {
        String id = newId("missing");
        try {
            backend().create(spec(id, List.of("no-such-command-nxc"), false, null));
            int code = backend().startAttached(id, OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
            assertEquals(missingCommandExitCode(), code, "the exit code of a command missing from the image");
            if (code != 127) {
                System.out.println("[BackendConformance] " + backend().name() + " gives exit " + code
                        + ", not docker run's 127, for a command missing from the image");
            }
        } catch (BackendException e) {
            assertEquals(Reason.COMMAND_NOT_FOUND, e.reason(), e.getMessage());
            assertOneLine(e);
        }
    }

    @Test
    void detachedStartRunsWithAPid() throws Exception {
        String id = newId("detached");
        ContainerInfo created = backend().create(spec(id, List.of("sleep", "60"), false, null));
        assertEquals(id, created.id());
        assertEquals(ContainerStatus.CREATED, created.status());
        assertEquals(backend().name(), created.backend());
        backend().start(id);
        ContainerInfo running = backend().info(id);
        assertEquals(ContainerStatus.RUNNING, running.status());
        assertTrue(running.pid() > 0, "a running container's pid is positive, was " + running.pid());
        assertNull(running.exitCode(), "a running container has no exit code");
    }

    @Test
    void execPassesOutputAndExitCode() throws Exception {
        String id = running("exec");
        List<String> cmd = List.of("sh", "-c", "echo out; echo err >&2; exit 3");
        ContainerOutput o = new ContainerOutput();
        if (!supportsExec()) {
            refusedAsUnsupported("exec", () -> backend().exec(id, cmd, o.out, o.err));
            return;
        }
        assertEquals(3, backend().exec(id, cmd, o.out, o.err));
        assertEquals("out\n", o.out());
        assertEquals("err\n", o.err());
        assertEquals(0, backend().exec(id, List.of("true"), o.out, o.err));
    }

    @Test
    void logsKeepOutputAndErrorApart() throws Exception {
        String id = create("logs", "sh", "-c", "echo one; echo two >&2");
        assertEquals(0, backend().startAttached(id, OutputStream.nullOutputStream(), OutputStream.nullOutputStream()));
        ContainerOutput o = new ContainerOutput();
        if (!supportsLogs()) {
            refusedAsUnsupported("logs", () -> backend().logs(id, false, -1, o.out, o.err));
            return;
        }
        backend().logs(id, false, -1, o.out, o.err);
        assertEquals("one\n", o.out());
        assertEquals("two\n", o.err());
    }

    @Test
    void stopEndsItWithAnExitCode() throws Exception {
        String id = running("stop");
        backend().stop(id, 5);
        ContainerInfo stopped = awaitStatus(id, ContainerStatus.STOPPED);
        assertEquals(0L, stopped.pid(), "a stopped container has no pid");
        assertNotNull(stopped.exitCode(), "a stopped container has an exit code");
        assertTrue(stopped.exitCode() == 143 || stopped.exitCode() == 137,
                "stop ends the command by TERM (143), or KILL (137) after the timeout; was " + stopped.exitCode());
    }

    @Test
    void killSendsTermAndKill() throws Exception {
        String term = running("term");
        backend().kill(term, "TERM");
        assertEquals(Integer.valueOf(143), awaitStatus(term, ContainerStatus.STOPPED).exitCode(), "exit code after TERM");
        String kill = running("kill");
        backend().kill(kill, "KILL");
        assertEquals(Integer.valueOf(137), awaitStatus(kill, ContainerStatus.STOPPED).exitCode(), "exit code after KILL");
        BackendException again = thrown(() -> backend().kill(kill, "KILL"));
        assertEquals(Reason.NOT_RUNNING, again.reason(), again.getMessage());
    }

    @Test
    void deleteRemovesIt() throws Exception {
        String id = create("delete", "true");
        backend().delete(id, false);
        assertEquals(Reason.NO_SUCH_CONTAINER, thrown(() -> backend().info(id)).reason());
        assertFalse(ids(backend().list(true)).contains(id), "a deleted container is not listed");
    }

    @Test
    void deleteOfARunningOneNeedsForce() throws Exception {
        String id = running("force");
        BackendException refused = thrown(() -> backend().delete(id, false));
        assertEquals(Reason.CONTAINER_RUNNING, refused.reason(), refused.getMessage());
        assertOneLine(refused);
        assertEquals(ContainerStatus.RUNNING, backend().info(id).status(), "a refused delete leaves it running");
        backend().delete(id, true);
        assertEquals(Reason.NO_SUCH_CONTAINER, thrown(() -> backend().info(id)).reason());
    }

    @Test
    void listShowsItsContainersWithTheirLabels() throws Exception {
        String id = newId("list");
        Map<String, String> labels = new HashMap<>(managed());
        labels.put("conformance.team", "core");
        backend().create(new ContainerSpec(id, image(), List.of("true"), labels, false, null));
        made.add(id);
        ContainerInfo listed = backend().list(false).stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("list(false) does not show container " + id));
        assertEquals(ContainerStatus.CREATED, listed.status());
        assertEquals(image(), listed.image());
        assertEquals(backend().name(), listed.backend());
        assertEquals("core", listed.labels().get("conformance.team"), "labels: " + listed.labels());
        assertEquals("true", listed.labels().get(ManagedLabels.MANAGED), "labels: " + listed.labels());
    }

    @Test
    void unknownContainerIsNoSuchContainer() {
        String ghost = newId("ghost");
        BackendException e = thrown(() -> backend().info(ghost));
        assertEquals(Reason.NO_SUCH_CONTAINER, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(ghost), "the message names the container: " + e.getMessage());
        assertOneLine(e);
    }

    @Test
    void aNameInUseIsRefused() throws Exception {
        String id = create("dup", "true");
        BackendException e = thrown(() -> backend().create(spec(id, List.of("true"), false, null)));
        assertEquals(Reason.NAME_IN_USE, e.reason(), e.getMessage());
        assertOneLine(e);
    }

    @Test
    void aMissingImageIsNoSuchImage() {
        String id = newId("noimage");
        String image = "nexcage-conformance/no-such-image:1";
        BackendException e = thrown(() -> backend().create(new ContainerSpec(id, image, List.of("true"), managed(), false, null)));
        assertEquals(Reason.NO_SUCH_IMAGE, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(image), "the message names the image: " + e.getMessage());
        assertOneLine(e);
    }

    @Test
    void autoRemoveRemovesItAfterItsExit() throws Exception {
        String id = newId("autorm");
        ContainerSpec spec = spec(id, List.of("sh", "-c", "echo bye; exit 2"), true, null);
        if (!supportsAutoRemove()) {
            refusedAsUnsupported("autoRemove", () -> backend().create(spec));
            return;
        }
        backend().create(spec);
        ContainerOutput o = new ContainerOutput();
        assertEquals(2, backend().startAttached(id, o.out, o.err), "the exit code of an autoRemove container");
        assertEquals("bye\n", o.out());
        waiting("container " + id + " (autoRemove) to be gone after its exit")
                .until(() -> !ids(backend().list(true)).contains(id));
    }

    @Test
    void networkNoneHasOnlyLoopback() throws Exception {
        String id = newId("netnone");
        ContainerSpec spec = spec(id, List.of("cat", "/proc/net/dev"), false, ContainerSpec.NETWORK_NONE);
        if (!supportsNetworkNone()) {
            BackendException e = thrown(() -> backend().create(spec));
            assertOneLine(e);
            report("network none", "refused: " + e.getMessage());
            return;
        }
        backend().create(spec);
        ContainerOutput o = new ContainerOutput();
        assertEquals(0, backend().startAttached(id, o.out, o.err), o.err());
        // two header lines, then one line per interface ("  lo: 123 ...")
        List<String> interfaces = Arrays.stream(o.out().split("\n")).skip(2).map(l -> l.strip())
                .filter(l -> l.contains(":")).map(l -> l.substring(0, l.indexOf(':'))).toList();
        assertEquals(List.of("lo"), interfaces, "the interfaces of a container with network none");
    }

    // ------------------------------------------------------------------ helpers for the cases

    /** A new container id for this run (the container id rule; tracked, so deleted after the case). */
    protected String newId(String what) {
        String id = "nxc-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
        made.add(id);
        return id;
    }

    /** The labels the core gives every container it makes (what {@code list(false)} looks for). */
    protected Map<String, String> managed() {
        return Map.of(ManagedLabels.MANAGED, "true", ManagedLabels.ID, "conformance",
                ManagedLabels.BACKEND, backend().name());
    }

    private ContainerSpec spec(String id, List<String> command, boolean autoRemove, String network) {
        Map<String, String> labels = new HashMap<>(managed());
        labels.put(ManagedLabels.ID, id);
        return new ContainerSpec(id, image(), command, labels, autoRemove, network);
    }

    private String create(String what, String... command) throws BackendException {
        String id = newId(what);
        backend().create(spec(id, List.of(command), false, null));
        return id;
    }

    private String running(String what) throws BackendException {
        String id = create(what, "sleep", "60");
        backend().start(id);
        awaitStatus(id, ContainerStatus.RUNNING);
        return id;
    }

    /** Waits (bounded by {@link #timeout()}) until the container has the status, and returns its info. */
    protected ContainerInfo awaitStatus(String id, ContainerStatus want) throws BackendException {
        return waiting("container " + id + " to be " + want.id()).until(() -> backend().info(id), i -> i.status() == want);
    }

    private static List<String> ids(List<ContainerInfo> list) {
        return list.stream().map(ContainerInfo::id).toList();
    }

    /** A bounded wait for {@code what} (polling the engine: a backend offers nothing to be notified by). */
    private ConditionFactory waiting(String what) {
        return Awaitility.await(what).atMost(timeout()).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20));
    }

    /** A backend call that must fail. */
    protected interface Call {
        void run() throws Exception;
    }

    /** The BackendException the call throws (failing the case if it throws none or another). */
    protected static BackendException thrown(Call call) {
        try {
            call.run();
        } catch (BackendException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a BackendException, got " + e, e);
        }
        throw new AssertionError("expected a BackendException, the call succeeded");
    }

    private void refusedAsUnsupported(String what, Call call) {
        Refusals.refusedAsUnsupported(backend().name(), what, call);
    }

    private void report(String what, String how) {
        Refusals.report(backend().name(), what, how);
    }

    private static void assertOneLine(BackendException e) {
        Refusals.assertOneLine(e);
    }
}
