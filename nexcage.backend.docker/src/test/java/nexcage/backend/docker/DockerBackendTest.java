package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.exception.NotFoundException;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.ContainerEvent;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;
import nexcage.api.backend.ManagedLabels;

/** The backend against the real engine: every test makes its own containers and removes them. */
class DockerBackendTest {

    static DockerBackend docker;
    final List<String> made = new ArrayList<>();

    @BeforeAll
    static void engine() {
        docker = RealEngine.backend();
    }

    @AfterEach
    void cleanUp() {
        RealEngine.removeQuietly(made);
    }

    String name(String what) {
        String n = RealEngine.unique(what);
        made.add(n);
        return n;
    }

    ContainerInfo create(String id, String... cmd) throws BackendException {
        return docker.create(new ContainerSpec(id, RealEngine.IMAGE, List.of(cmd), RealEngine.MANAGED, false));
    }

    static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    ContainerInfo awaitStatus(String id, ContainerStatus want) throws Exception {
        return Awaitility.await(id + " to be " + want.id()).atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20)).until(() -> docker.info(id), i -> i.status() == want);
    }

    @Test
    void lifecycleWithLabelsStatusAndPid() throws Exception {
        String id = name("life");
        Instant before = Instant.now().minusSeconds(5);
        ContainerInfo created = docker.create(new ContainerSpec(id, RealEngine.IMAGE, List.of("sleep", "60"),
                Map.of("nexcage.plugin.hello", "1.0.0", "team", "core"), false));
        assertThat(created.id()).isEqualTo(id);
        assertThat(created.engineId()).hasSize(64);
        assertThat(created.status()).isEqualTo(ContainerStatus.CREATED);
        assertThat(created.backend()).isEqualTo("docker");
        assertThat(created.image()).isEqualTo(RealEngine.IMAGE);
        assertThat(created.created()).isAfter(before).isBefore(Instant.now().plusSeconds(5));
        assertThat(created.pid()).isZero();
        assertThat(created.exitCode()).isNull();
        // the spec's labels, exactly: which labels NexCage sets is the core's policy, not the backend's
        assertThat(created.labels()).isEqualTo(Map.of("nexcage.plugin.hello", "1.0.0", "team", "core"));
        assertThat(docker.info(id).labels()).containsAllEntriesOf(created.labels())
                .doesNotContainKeys(ManagedLabels.MANAGED, ManagedLabels.ID, ManagedLabels.BACKEND, ManagedLabels.VERSION);
        // the engine's own view: name = id, init on
        var raw = RealEngine.raw().inspectContainerCmd(id).exec();
        assertThat(raw.getName()).isEqualTo("/" + id);
        assertThat(raw.getHostConfig().getInit()).isTrue();

        docker.start(id);
        docker.start(id); // already running: not an error
        ContainerInfo running = docker.info(id);
        assertThat(running.status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(running.pid()).isPositive();
        assertThat(running.exitCode()).isNull();

        long t0 = System.nanoTime();
        docker.stop(id, 10);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("graceful stop (sleep gets TERM through init)")
                .isLessThan(Duration.ofSeconds(5));
        ContainerInfo stopped = docker.info(id);
        assertThat(stopped.status()).isEqualTo(ContainerStatus.STOPPED);
        assertThat(stopped.pid()).isZero();
        assertThat(stopped.exitCode()).isEqualTo(143);

        BackendException again = catchThrowableOfType(() -> docker.stop(id, 1), BackendException.class);
        assertThat(again.reason()).isEqualTo(Reason.NOT_RUNNING);
        assertThat(again.getMessage()).contains(id).contains("not running");

        docker.delete(id, false);
        BackendException gone = catchThrowableOfType(() -> docker.info(id), BackendException.class);
        assertThat(gone.reason()).isEqualTo(Reason.NO_SUCH_CONTAINER);
    }

    @Test
    void killWithSignalAndKillOfStopped() throws Exception {
        String id = name("kill");
        create(id, "sleep", "60");
        docker.start(id);
        docker.kill(id, "SIGKILL");
        ContainerInfo i = awaitStatus(id, ContainerStatus.STOPPED);
        assertThat(i.exitCode()).isEqualTo(137);

        BackendException e = catchThrowableOfType(() -> docker.kill(id, "TERM"), BackendException.class);
        assertThat(e.reason()).isEqualTo(Reason.NOT_RUNNING);
        assertThat(e.getMessage()).contains(id).doesNotContain("\n");

        String hup = name("hup");
        create(hup, "sleep", "60");
        docker.start(hup);
        docker.kill(hup, "15"); // by number, through init
        assertThat(awaitStatus(hup, ContainerStatus.STOPPED).exitCode()).isEqualTo(143);
    }

    @Test
    void listManagedAndAll() throws Exception {
        String mine = name("list");
        create(mine, "true");
        String foreign = name("foreign");
        RealEngine.raw().createContainerCmd(RealEngine.IMAGE).withName(foreign).withCmd("true")
                .withLabels(Map.of("nexcage.managed", "false")).exec();
        String exited = name("exited");
        create(exited, "sh", "-c", "exit 4");
        assertThat(docker.startAttached(exited, ByteArrayOutputStream.nullOutputStream(), ByteArrayOutputStream.nullOutputStream()))
                .isEqualTo(4);

        List<ContainerInfo> managed = docker.list(false);
        assertThat(managed).extracting(ContainerInfo::id).contains(mine, exited).doesNotContain(foreign);
        assertThat(managed).allSatisfy(c -> assertThat(c.labels()).containsEntry("nexcage.managed", "true"));
        ContainerInfo m = managed.stream().filter(c -> c.id().equals(mine)).findFirst().orElseThrow();
        assertThat(m.status()).isEqualTo(ContainerStatus.CREATED);
        assertThat(m.image()).isEqualTo(RealEngine.IMAGE);
        assertThat(m.created()).isAfter(Instant.now().minusSeconds(60));
        ContainerInfo x = managed.stream().filter(c -> c.id().equals(exited)).findFirst().orElseThrow();
        assertThat(x.status()).isEqualTo(ContainerStatus.STOPPED);
        assertThat(x.exitCode()).isEqualTo(4);

        List<ContainerInfo> all = docker.list(true);
        assertThat(all).extracting(ContainerInfo::id).contains(mine, exited, foreign);
        // an unmanaged container is addressed by its Docker name
        assertThat(docker.info(foreign).id()).isEqualTo(foreign);
    }

    @Test
    void execPassesOutputAndExitCode() throws Exception {
        String id = name("exec");
        create(id, "sleep", "60");
        docker.start(id);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = docker.exec(id, List.of("sh", "-c", "echo out; echo err >&2; exit 3"), out, err);
        assertThat(code).isEqualTo(3);
        assertThat(text(out)).isEqualTo("out\n");
        assertThat(text(err)).isEqualTo("err\n");

        assertThat(docker.exec(id, List.of("true"), out, err)).isZero();
        int missing = docker.exec(id, List.of("no-such-command"), ByteArrayOutputStream.nullOutputStream(),
                ByteArrayOutputStream.nullOutputStream());
        assertThat(missing).as("command not found in the container").isIn(126, 127);

        docker.kill(id, "KILL");
        awaitStatus(id, ContainerStatus.STOPPED);
        BackendException e = catchThrowableOfType(() -> docker.exec(id, List.of("true"), out, err), BackendException.class);
        assertThat(e.reason()).isEqualTo(Reason.NOT_RUNNING);
        assertThat(e.getMessage()).contains(id).contains("start");
    }

    @Test
    void logsAreDemultiplexedWithTailAndFollow() throws Exception {
        String id = name("logs");
        create(id, "sh", "-c", "echo one; echo two >&2; sleep 0.1; echo three");
        assertThat(docker.startAttached(id, ByteArrayOutputStream.nullOutputStream(), ByteArrayOutputStream.nullOutputStream()))
                .isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        docker.logs(id, false, -1, out, err);
        assertThat(text(out)).isEqualTo("one\nthree\n");
        assertThat(text(err)).isEqualTo("two\n");

        ByteArrayOutputStream last = new ByteArrayOutputStream();
        docker.logs(id, false, 1, last, ByteArrayOutputStream.nullOutputStream());
        assertThat(text(last)).isEqualTo("three\n");

        String f = name("follow");
        create(f, "sh", "-c", "echo a; sleep 1; echo b");
        docker.start(f);
        ByteArrayOutputStream followed = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        docker.logs(f, true, -1, followed, ByteArrayOutputStream.nullOutputStream());
        assertThat(text(followed)).isEqualTo("a\nb\n");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(500));
    }

    @Test
    void startAttachedStreamsThenReturnsExitCode() throws Exception {
        String id = name("attach");
        create(id, "sh", "-c", "echo hello; echo oops >&2; exit 7");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(docker.startAttached(id, out, err)).isEqualTo(7);
        assertThat(text(out)).isEqualTo("hello\n");
        assertThat(text(err)).isEqualTo("oops\n");
        assertThat(docker.info(id).status()).isEqualTo(ContainerStatus.STOPPED);

        // --rm: the engine removes it; the exit code still comes back
        String rm = name("rm");
        docker.create(new ContainerSpec(rm, RealEngine.IMAGE, List.of("sh", "-c", "echo bye; exit 2"), RealEngine.MANAGED, true));
        ByteArrayOutputStream bye = new ByteArrayOutputStream();
        assertThat(docker.startAttached(rm, bye, ByteArrayOutputStream.nullOutputStream())).isEqualTo(2);
        assertThat(text(bye)).isEqualTo("bye\n");
        assertThatThrownBy(() -> RealEngine.raw().inspectContainerCmd(rm).exec()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theExitCodeIsTheExitNotTheEndOfTheOutput() throws Exception {
        // exits at once: the wait asked after the start may arrive when the container has exited already
        for (int i = 0; i < 5; i++) {
            String quick = name("quick");
            create(quick, "sh", "-c", "exit 5");
            assertThat(docker.startAttached(quick, ByteArrayOutputStream.nullOutputStream(), ByteArrayOutputStream.nullOutputStream()))
                    .as("run %d", i).isEqualTo(5);
        }
        // closes its output and goes on: the code is the one it exits with later
        String quiet = name("quiet");
        create(quiet, "sh", "-c", "echo bye; exec >&- 2>&-; sleep 1; exit 4");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        assertThat(docker.startAttached(quiet, out, ByteArrayOutputStream.nullOutputStream())).isEqualTo(4);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(text(out)).isEqualTo("bye\n");
    }

    @Test
    void anAttachedContainerRemovedByOthersEndsTheRun() throws Exception {
        for (boolean autoRemove : new boolean[] {false, true}) { // its exit asked after the output, or its removal before the start
            String id = name("removed");
            docker.create(new ContainerSpec(id, RealEngine.IMAGE, List.of("sh", "-c", "echo up; sleep 60"), RealEngine.MANAGED, autoRemove));
            CompletableFuture<Integer> run = startAttachedUntilItsFirstLine(id);
            RealEngine.raw().removeContainerCmd(id).withForce(true).exec();
            // killed by the removal (137), or its code gone with it (125); never a hang or an exception
            assertThat(run.get(20, TimeUnit.SECONDS)).as("auto-removed: %s", autoRemove).isIn(137, 125);
        }
    }

    @Test
    void anAutoRemovedContainerKilledByASignalEndsWith128PlusItsNumberOnceRemoved() throws Exception {
        // on Docker the code is the one its wait for the removal answers (no wait for the next exit is asked):
        // Docker 20.10 answers it with the init's 128 + N, as docker run --rm shows it
        for (String[] signal : new String[][] {{"TERM", "143"}, {"KILL", "137"}}) {
            String id = name("signalled");
            docker.create(new ContainerSpec(id, RealEngine.IMAGE, List.of("sh", "-c", "echo up; sleep 60"), RealEngine.MANAGED, true));
            CompletableFuture<Integer> run = startAttachedUntilItsFirstLine(id);
            docker.kill(id, signal[0]);
            assertThat(run.get(20, TimeUnit.SECONDS)).as("killed by SIG%s", signal[0]).isEqualTo(Integer.parseInt(signal[1]));
            assertThatThrownBy(() -> RealEngine.raw().inspectContainerCmd(id).exec()).as("removed once the run returned")
                    .isInstanceOf(NotFoundException.class);
        }
    }

    /** Starts {@code id} attached on another thread; returns once the container has written its first line. */
    private CompletableFuture<Integer> startAttachedUntilItsFirstLine(String id) throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                if (b == '\n') {
                    lines.add("line");
                }
            }
        };
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
            try {
                return docker.startAttached(id, out, ByteArrayOutputStream.nullOutputStream());
            } catch (BackendException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(lines.poll(20, TimeUnit.SECONDS)).as("the container's first line").isNotNull();
        return run;
    }

    @Test
    void aReaderThatGoesAwayEndsTheRunAndTheContainerKeepsRunning() throws Exception {
        String id = name("reader");
        create(id, "sh", "-c", "while true; do echo tick; sleep 0.05; done");
        int[] lines = {0};
        OutputStream leaves = new OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                if (++lines[0] > 3) {
                    throw new java.io.IOException("Broken pipe");
                }
            }
        };
        CompletableFuture<BackendException> run = CompletableFuture.supplyAsync(() -> catchThrowableOfType(
                () -> docker.startAttached(id, leaves, ByteArrayOutputStream.nullOutputStream()), BackendException.class));
        BackendException e = run.get(20, TimeUnit.SECONDS);
        assertThat(e).as("what startAttached threw").isNotNull();
        assertThat(e.getMessage()).contains(id).contains("went away").contains("nexcage logs -f " + id);
        assertThat(docker.info(id).status()).isEqualTo(ContainerStatus.RUNNING);
    }

    @Test
    void errorsAreMappedWithOneActionableSentence() throws Exception {
        String id = name("err");
        BackendException noImage = catchThrowableOfType(() -> docker.create(
                new ContainerSpec(id, "nexcage-test/no-such-image:1", List.of(), RealEngine.MANAGED, false)), BackendException.class);
        assertThat(noImage.reason()).isEqualTo(Reason.NO_SUCH_IMAGE);
        assertThat(noImage.getMessage()).contains("nexcage-test/no-such-image:1").contains("docker pull").contains("docker import");

        String ghost = RealEngine.unique("ghost");
        for (ThrowingCall call : List.<ThrowingCall>of(() -> docker.info(ghost), () -> docker.start(ghost),
                () -> docker.stop(ghost, 1), () -> docker.kill(ghost, "KILL"), () -> docker.delete(ghost, true),
                () -> docker.exec(ghost, List.of("true"), null, null),
                () -> docker.logs(ghost, false, -1, ByteArrayOutputStream.nullOutputStream(), ByteArrayOutputStream.nullOutputStream()),
                () -> docker.startAttached(ghost, ByteArrayOutputStream.nullOutputStream(), ByteArrayOutputStream.nullOutputStream()))) {
            BackendException e = catchThrowableOfType(call::run, BackendException.class);
            assertThat(e).as("an unknown container").isNotNull();
            assertThat(e.reason()).isEqualTo(Reason.NO_SUCH_CONTAINER);
            assertThat(e.getMessage()).contains(ghost).doesNotContain("\n").doesNotContain("Exception");
        }

        create(id, "sleep", "60");
        BackendException dup = catchThrowableOfType(() -> create(id, "true"), BackendException.class);
        assertThat(dup.reason()).isEqualTo(Reason.NAME_IN_USE);
        assertThat(dup.getMessage()).contains(id).contains("in use");

        docker.start(id);
        BackendException running = catchThrowableOfType(() -> docker.delete(id, false), BackendException.class);
        assertThat(running.reason()).isEqualTo(Reason.CONTAINER_RUNNING);
        assertThat(running.getMessage()).contains(id).contains("-f");
        docker.delete(id, true);
        assertThat(docker.list(false)).extracting(ContainerInfo::id).doesNotContain(id);
    }

    @Test
    void aHexLookingIdNeverReachesAnotherContainersIdPrefix() throws Exception {
        String id = name("hex");
        ContainerInfo c = create(id, "true");
        String prefix = c.engineId().substring(0, 12);
        // the engine would resolve this prefix to our container; the backend must not
        BackendException e = catchThrowableOfType(() -> docker.delete(prefix, true), BackendException.class);
        assertThat(e.reason()).isEqualTo(Reason.NO_SUCH_CONTAINER);
        assertThat(catchThrowableOfType(() -> docker.info(prefix), BackendException.class).reason())
                .isEqualTo(Reason.NO_SUCH_CONTAINER);
        assertThat(docker.info(id).status()).isEqualTo(ContainerStatus.CREATED);
    }

    @Test
    void eventsReportDieWithExitCode() throws Exception {
        BlockingQueue<ContainerEvent> events = new LinkedBlockingQueue<>();
        String id = name("events");
        try (AutoCloseable sub = docker.events(events::add)) {
            create(id, "sh", "-c", "sleep 0.2; exit 5");
            docker.start(id);
            ContainerEvent die = null;
            boolean started = false;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (die == null && System.nanoTime() < end) {
                ContainerEvent e = events.poll(200, TimeUnit.MILLISECONDS);
                if (e != null && e.id().equals(id)) {
                    started |= e.action().equals("start");
                    if (e.action().equals("die")) {
                        die = e;
                    }
                }
            }
            assertThat(started).as("start event").isTrue();
            assertThat(die).as("die event of %s", id).isNotNull();
            assertThat(die.exitCode()).isEqualTo(5);
            assertThat(die.status()).isEqualTo(ContainerStatus.STOPPED);
        }
        // closed: nothing more arrives. A second, open subscription proves the event was sent,
        // so the closed one is checked only once that one has seen it (no sleep).
        events.clear();
        BlockingQueue<ContainerEvent> witness = new LinkedBlockingQueue<>();
        String later = name("after");
        try (AutoCloseable open = docker.events(witness::add)) {
            create(later, "true");
            docker.start(later);
            ContainerEvent seen = null;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (seen == null && System.nanoTime() < end) {
                ContainerEvent e = witness.poll(200, TimeUnit.MILLISECONDS);
                if (e != null && e.id().equals(later) && e.action().equals("die")) {
                    seen = e;
                }
            }
            assertThat(seen).as("the open subscription's die event of %s", later).isNotNull();
        }
        assertThat(events).extracting(ContainerEvent::id).doesNotContain(later);
    }

    @Test
    void unmanagedContainersGiveNoEvents() throws Exception {
        BlockingQueue<ContainerEvent> events = new LinkedBlockingQueue<>();
        String foreign = name("foreign-ev");
        try (AutoCloseable sub = docker.events(events::add)) {
            RealEngine.raw().createContainerCmd(RealEngine.IMAGE).withName(foreign).withCmd("true").exec();
            RealEngine.raw().startContainerCmd(foreign).exec();
            String mine = name("mine-ev");
            create(mine, "true");
            docker.start(mine);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean mineDied = false;
            while (!mineDied && System.nanoTime() < end) {
                ContainerEvent e = events.poll(200, TimeUnit.MILLISECONDS);
                mineDied = e != null && e.id().equals(mine) && e.action().equals("die");
            }
            assertThat(mineDied).isTrue();
        }
        assertThat(events).extracting(ContainerEvent::id).doesNotContain(foreign);
    }

    @Test
    void fixtureImportsTheBusyboxImageFromATarball() throws Exception {
        String image = "nexcage-test/busybox:fixture-" + RealEngine.unique("img").substring(4);
        try {
            RealEngine.ensureImage(RealEngine.raw(), docker.host(), image);
            String id = name("img");
            docker.create(new ContainerSpec(id, image, List.of("sh", "-c", "echo imported"), RealEngine.MANAGED, false));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(docker.startAttached(id, out, ByteArrayOutputStream.nullOutputStream())).isZero();
            assertThat(text(out)).isEqualTo("imported\n");
        } finally {
            RealEngine.removeQuietly(made);
            made.clear();
            try {
                RealEngine.raw().removeImageCmd(image).withForce(true).exec();
            } catch (NotFoundException notMade) {
                // the import failed: the assertion above says why
            }
        }
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }
}
