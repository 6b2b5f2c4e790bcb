package nexcage.core.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.ContainerStatus;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.hooks.HookNames;
import nexcage.core.internal.command.ClientSignals;
import nexcage.core.internal.config.RuntimeSettings;
import nexcage.core.internal.containers.ContainerService.Client;
import nexcage.core.internal.containers.ContainerService.NewContainer;
import nexcage.core.internal.containers.ContainerService.Target;
import nexcage.core.internal.daemon.DaemonLog;
import nexcage.core.internal.hooks.CoreHooks;
import nexcage.core.internal.testing.RecordingAccounting;

/** The container service on an in-memory backend and a recording hook dispatcher: no framework, no engine. */
class CoreContainerServiceTest {
    private final FakeBackend docker = new FakeBackend("docker");
    private final MapBackends backends = new MapBackends(docker);
    private final RecordingHooks hooks = new RecordingHooks();
    private final RecordingAccounting accounting = new RecordingAccounting();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final FakeSignals signals = new FakeSignals();
    private RuntimeSettings settings = RuntimeSettings.DEFAULTS;

    private ContainerService service() {
        return new CoreContainerService(backends, () -> settings, new CoreHooks(hooks),
                new LabelPolicy(() -> "9.8.7", () -> "docker=0.8.0,audit=1.0.0"),
                new DaemonLog(DaemonLog.Level.DEBUG, new PrintStream(logged, true, StandardCharsets.UTF_8)), accounting);
    }

    private static NewContainer web(boolean rm) {
        return new NewContainer("web1", "busybox", List.of("echo", "hi"), null, rm);
    }

    private Client client() {
        return new Client(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                signals);
    }

    private static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    /** The client's signals, passed on when the test says so. */
    static final class FakeSignals implements ClientSignals {
        volatile Consumer<String> handler;
        volatile boolean hungUp;

        @Override
        public Forwarding forward(String farewell, Consumer<String> h) {
            handler = h;
            return () -> handler = null;
        }

        @Override
        public Forwarding onHangUp(Runnable action) {
            return () -> { };
        }

        @Override
        public boolean hungUp() {
            return hungUp;
        }

        /** Passes {@code sig} on as the client's reader thread does, and waits (bounded) for it to be handled. */
        void send(String sig) {
            Thread t = new Thread(() -> handler.accept(sig));
            t.start();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(t.isAlive()).as("the signal was handled within 10 s").isFalse();
        }
    }

    @Test
    void theLabelsAreSetOnceByTheCoreWithTheRuntimesOwnVersion() throws Exception {
        service().create(web(false));
        ContainerSpec spec = docker.specs.get(0);
        assertThat(spec.labels()).isEqualTo(Map.of("nexcage.managed", "true", "nexcage.id", "web1", "nexcage.backend", "docker",
                "nexcage.version", "9.8.7", "nexcage.plugins", "docker=0.8.0,audit=1.0.0"));
        assertThat(spec.command()).containsExactly("echo", "hi");
        assertThat(spec.autoRemove()).isFalse();
    }

    @Test
    void networkGoesFromTheCommandLineIntoTheSpecAndAnUnknownOneIsAUsageError() {
        ContainerCommands commands = new ContainerCommands(service(), new nexcage.core.internal.security.SecurityGate(null));
        nexcage.core.internal.command.CommandIO io = new nexcage.core.internal.command.CommandIO(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), null, false);
        assertThat(commands.run("create", List.of("--name", "n1", "--network", "none", "busybox"), io)).as(text(err)).isZero();
        assertThat(commands.run("create", List.of("--name", "n2", "--network=host", "busybox"), io)).as(text(err)).isZero();
        assertThat(commands.run("create", List.of("--name", "n3", "busybox"), io)).as(text(err)).isZero();
        assertThat(docker.specs).extracting(ContainerSpec::network).containsExactly("none", "host", null);
        assertThat(commands.run("run", List.of("--name", "n4", "--network", "bridge", "busybox"), io)).isEqualTo(2);
        assertThat(text(err)).isEqualTo("nexcage run: --network takes none (loopback only) or host (the host's network); without it"
                + " the container gets the backend's default; got 'bridge'\n");
        assertThat(docker.specs).hasSize(3);
    }

    @Test
    void backendListShowsWhatEachBackendSaysItIsBesideItsHealth() throws Exception {
        ContainerCommands commands = new ContainerCommands(service(), new nexcage.core.internal.security.SecurityGate(null));
        nexcage.core.internal.command.CommandIO io = new nexcage.core.internal.command.CommandIO(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), null, false);
        assertThat(commands.run("backend", List.of("list", "--json"), io)).as(text(err)).isZero();
        com.fasterxml.jackson.databind.JsonNode docker = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text(out)).get(0);
        assertThat(docker.get("name").asText()).isEqualTo("docker");
        assertThat(docker.get("description").asText()).isEqualTo("in memory");
        out.reset();
        assertThat(commands.run("backend", List.of("list"), io)).as(text(err)).isZero();
        assertThat(text(out).lines().findFirst().orElseThrow()).contains("DESCRIPTION");
        assertThat(text(out)).contains("in memory");
    }

    @Test
    void eachBackendCallIsChargedToItsPluginAndOnlyAnEngineFailureIsItsError() throws Exception {
        service().runDetached(web(false));
        docker.failing("start", Reason.NO_SUCH_CONTAINER, "there is no container web2");
        catchThrowableOfType(() -> service().start(new Target("web2", null)), ContainerFailure.class);
        docker.failing("stop", Reason.ENGINE_UNAVAILABLE, "the engine does not answer");
        catchThrowableOfType(() -> service().stop(new Target("web1", null), 1), ContainerFailure.class);
        assertThat(accounting.events).containsSubsequence("begin docker backend:create", "end docker backend:create ok",
                "begin docker backend:start", "end docker backend:start ok",
                "begin docker backend:start", "end docker backend:start ok",
                "begin docker backend:stop", "end docker backend:stop failed");
    }

    @Test
    void eachBackendCallFailedOrNotIsTimedForTheLatencyHistogramsOfItsBackend() throws Exception {
        service().runDetached(web(false));
        docker.failing("stop", Reason.ENGINE_UNAVAILABLE, "the engine does not answer");
        catchThrowableOfType(() -> service().stop(new Target("web1", null), 1), ContainerFailure.class);
        Map<String, Long> calls = new java.util.TreeMap<>();
        backends.times.snapshot().forEach(l -> {
            assertThat(l.backend()).isEqualTo("docker");
            calls.put(l.operation(), java.util.Arrays.stream(l.counts()).sum());
        });
        assertThat(calls).containsEntry("create", 1L).containsEntry("start", 1L).containsEntry("stop", 1L);
    }

    @Test
    void createFiresPreAndPostCreateWithTheirMetadata() throws Exception {
        assertThat(service().create(web(false)).id()).isEqualTo("web1");
        assertThat(hooks.names()).containsExactly(HookNames.CONTAINER_PRE_CREATE, HookNames.CONTAINER_POST_CREATE);
        assertThat(hooks.last(HookNames.CONTAINER_POST_CREATE)).containsEntry("container_id", "web1")
                .containsEntry("backend", "docker").containsEntry("image", "busybox").containsEntry("command", "echo hi")
                .containsEntry("engine_id", "engine-web1");
    }

    @Test
    void aVetoStopsTheOperationWithTheStatusOfItsCommand() {
        hooks.veto(HookNames.CONTAINER_PRE_CREATE, "no web here");
        ContainerFailure create = catchThrowableOfType(() -> service().create(web(false)), ContainerFailure.class);
        assertThat(create.status()).isEqualTo(1);
        assertThat(create.getMessage()).isEqualTo("vetoed by policy: no web here");
        ContainerFailure run = catchThrowableOfType(() -> service().runDetached(web(false)), ContainerFailure.class);
        assertThat(run.status()).isEqualTo(125);
        assertThat(docker.calls).isEmpty();
    }

    @Test
    void aDetachedRunCreatesAndStartsBetweenItsHooks() throws Exception {
        service().runDetached(web(false));
        assertThat(docker.calls).containsExactly("create web1", "start web1");
        assertThat(hooks.names()).containsExactly(HookNames.CONTAINER_PRE_CREATE, HookNames.CONTAINER_POST_CREATE,
                HookNames.CONTAINER_PRE_START, HookNames.CONTAINER_POST_START);
        assertThat(hooks.last(HookNames.CONTAINER_PRE_START)).containsEntry("image", "busybox");
    }

    @Test
    void aRunRmWhoseStartIsVetoedIsRemovedHooksIncluded() {
        hooks.veto(HookNames.CONTAINER_PRE_START, "not now");
        ContainerFailure f = catchThrowableOfType(() -> service().runDetached(web(true)), ContainerFailure.class);
        assertThat(f.status()).isEqualTo(125);
        assertThat(docker.calls).containsExactly("create web1", "delete web1 true");
        assertThat(hooks.names()).endsWith(HookNames.CONTAINER_PRE_DELETE, HookNames.CONTAINER_POST_DELETE);
    }

    @Test
    void withoutRmAVetoedStartLeavesTheCreatedContainer() {
        hooks.veto(HookNames.CONTAINER_PRE_START, "not now");
        catchThrowableOfType(() -> service().runDetached(web(false)), ContainerFailure.class);
        assertThat(docker.calls).containsExactly("create web1");
    }

    @Test
    void anAttachedRunCopiesTheOutputAndReturnsTheExitCode() throws Exception {
        docker.output = "hi\n";
        docker.exitCode = 3;
        assertThat(service().runAttached(web(true), client())).isEqualTo(3);
        assertThat(text(out)).isEqualTo("hi\n");
        assertThat(hooks.names()).containsExactly(HookNames.CONTAINER_PRE_CREATE, HookNames.CONTAINER_POST_CREATE,
                HookNames.CONTAINER_PRE_START, HookNames.CONTAINER_POST_START, HookNames.CONTAINER_POST_STOP,
                HookNames.CONTAINER_POST_DELETE);
        assertThat(hooks.last(HookNames.CONTAINER_POST_STOP)).containsEntry("exit_code", "3");
        assertThat(signals.handler).as("the forwarding of signals ends with the run").isNull();
    }

    @Test
    void withoutRmAnAttachedRunFiresNoPostDelete() throws Exception {
        service().runAttached(web(false), client());
        assertThat(hooks.names()).endsWith(HookNames.CONTAINER_POST_STOP).doesNotContain(HookNames.CONTAINER_POST_DELETE);
    }

    @Test
    void aCommandThatIsNotThereIs127AndOneThatCannotRunIs126AsWithDockerRun() {
        assertThat(runStatus("startAttached", Reason.COMMAND_NOT_FOUND, true)).isEqualTo(127);
        assertThat(runStatus("startAttached", Reason.COMMAND_NOT_INVOKABLE, true)).isEqualTo(126);
        assertThat(runStatus("startAttached", Reason.OTHER, true)).isEqualTo(125);
        assertThat(runStatus("start", Reason.COMMAND_NOT_FOUND, false)).isEqualTo(127);
        assertThat(runStatus("create", Reason.NO_SUCH_IMAGE, false)).isEqualTo(125);
    }

    private int runStatus(String op, Reason reason, boolean attached) {
        docker.failing(op, reason, "the engine said no");
        ContainerFailure f = catchThrowableOfType(() -> {
            if (attached) {
                service().runAttached(web(false), client());
            } else {
                service().runDetached(web(false));
            }
        }, ContainerFailure.class);
        assertThat(f.getMessage()).isEqualTo("the engine said no");
        return f.status();
    }

    @Test
    void elsewhereACommandThatIsNotThereIsAPlainFailureButExecIsDockers127() {
        docker.containers.put("web1", ContainerStatus.CREATED);
        docker.failing("start", Reason.COMMAND_NOT_FOUND, "not in the image");
        docker.failing("exec", Reason.COMMAND_NOT_FOUND, "not in the image");
        Target web1 = new Target("web1", null);
        assertThat(catchThrowableOfType(() -> service().start(web1), ContainerFailure.class).status()).isEqualTo(1);
        assertThat(catchThrowableOfType(() -> service().exec(web1, List.of("nope"), client()), ContainerFailure.class).status())
                .isEqualTo(127);
    }

    @Test
    void anEngineThatDoesNotAnswerHasItsHealthCheckedNow() {
        docker.containers.put("web1", ContainerStatus.CREATED);
        docker.failing("start", Reason.ENGINE_UNAVAILABLE, "the engine does not answer");
        ContainerFailure f = catchThrowableOfType(() -> service().start(new Target("web1", null)), ContainerFailure.class);
        assertThat(f.status()).isEqualTo(1);
        assertThat(backends.rechecked).containsExactly("docker");
        assertThat(hooks.names()).containsExactly(HookNames.CONTAINER_PRE_START);
    }

    @Test
    void aBugInTheBackendIsOneSentenceForTheUserAndAStackTraceInTheLog() {
        docker.bugs.put("create", new IllegalStateException("boom"));
        ContainerFailure f = catchThrowableOfType(() -> service().create(web(false)), ContainerFailure.class);
        assertThat(f.status()).isEqualTo(1);
        assertThat(f.getMessage()).startsWith("backend docker failed to create web1 (java.lang.IllegalStateException: boom)")
                .contains("the daemon log has its stack trace").doesNotContain("\n");
        assertThat(text(logged)).contains("ERROR", "[containers] backend docker failed to create web1",
                "java.lang.IllegalStateException: boom", "at nexcage.core.internal.containers.CoreContainerServiceTest");
    }

    @Test
    void aBackendPluginThatLacksAClassIsOneSentenceTooNotADroppedConnection() {
        docker.bugs.put("create", new NoClassDefFoundError("nexcage/backend/support/KeptAnswer"));
        ContainerFailure f = catchThrowableOfType(() -> service().create(web(false)), ContainerFailure.class);
        assertThat(f.status()).isEqualTo(1);
        assertThat(f.getMessage()).startsWith("backend docker failed to create web1 (java.lang.NoClassDefFoundError:"
                + " nexcage/backend/support/KeptAnswer)").doesNotContain("\n");
        assertThat(text(logged)).contains("ERROR", "[containers] backend docker failed to create web1");
    }

    @Test
    void stoppingAStoppedContainerSucceedsWithItsHooks() throws Exception {
        docker.containers.put("web1", ContainerStatus.STOPPED);
        docker.failing("stop", Reason.NOT_RUNNING, "not running");
        service().stop(new Target("web1", null), 5);
        assertThat(docker.calls).containsExactly("stop web1 5");
        assertThat(hooks.names()).containsExactly(HookNames.CONTAINER_PRE_STOP, HookNames.CONTAINER_POST_STOP);
        assertThat(hooks.last(HookNames.CONTAINER_PRE_STOP)).containsEntry("timeout", "5");
    }

    @Test
    void killSendsTheSignalBetweenTheStopHooks() throws Exception {
        docker.containers.put("web1", ContainerStatus.RUNNING);
        service().kill(new Target("web1", null), "HUP");
        assertThat(docker.calls).containsExactly("kill web1 HUP");
        assertThat(hooks.last(HookNames.CONTAINER_PRE_STOP)).containsEntry("signal", "HUP");
        assertThat(hooks.last(HookNames.CONTAINER_POST_STOP)).containsEntry("signal", "HUP");
    }

    @Test
    void anUnknownBackendAskedForIsAUsageErrorNamingTheOnesThereAre() {
        ContainerFailure f = catchThrowableOfType(() -> service().create(new NewContainer("web1", "busybox", List.of(), "lxc", false)),
                ContainerFailure.class);
        assertThat(f.status()).isEqualTo(2);
        assertThat(f.getMessage()).isEqualTo("there is no backend 'lxc'; the available backends are docker");
        assertThat(catchThrowableOfType(() -> service().requireBackend("lxc"), ContainerFailure.class).status()).isEqualTo(2);
    }

    @Test
    void aBackendNamedInConfigThatIsNotThereFailsNewContainersButFindsExistingOnes() throws Exception {
        settings = new RuntimeSettings(null, false, null, 100, "ghostd", List.of());
        ContainerFailure f = catchThrowableOfType(() -> service().runDetached(web(false)), ContainerFailure.class);
        assertThat(f.status()).isEqualTo(125);
        assertThat(f.getMessage()).isEqualTo("there is no backend 'ghostd' (named by runtime.default_backend in config.yaml);"
                + " the available backends are docker: fix config.yaml, or pass --backend docker");
        docker.containers.put("web1", ContainerStatus.CREATED);
        service().start(new Target("web1", null));
        assertThat(docker.calls).containsExactly("info web1", "start web1");
    }

    @Test
    void aDefaultBackendFromAnEnvironmentVariableIsMaskedInTheError() {
        settings = new RuntimeSettings(null, false, null, 100, "s3cr3t-backend", List.of(), java.util.Map.of("default_backend", "s3cr3t-backend"));
        ContainerFailure f = catchThrowableOfType(() -> service().runDetached(web(false)), ContainerFailure.class);
        assertThat(f.getMessage()).doesNotContain("s3cr3t").startsWith("there is no backend '********' (named by runtime.default_backend");
    }

    @Test
    void listTellsEachContainersBackendAndNoBackendIsAFailure() throws Exception {
        FakeBackend other = new FakeBackend("other");
        backends.byName.put("other", other);
        docker.containers.put("web1", ContainerStatus.RUNNING);
        other.containers.put("db1", ContainerStatus.STOPPED);
        assertThat(service().list(null, false)).extracting(f -> f.backend() + ":" + f.info().id())
                .containsExactly("docker:web1", "other:db1");
        assertThat(service().list("other", true)).hasSize(1);
        backends.byName.clear();
        ContainerFailure f = catchThrowableOfType(() -> service().list(null, false), ContainerFailure.class);
        assertThat(f.status()).isEqualTo(1);
        assertThat(f.getMessage()).contains("no container backend is available");
    }

    /** The docker backend, replaced by one whose attached run gets the client's {@code sig} while its container runs. */
    private FakeBackend signalledWhileRunning(String sig) {
        FakeBackend signalled = new FakeBackend("docker") {
            @Override
            void whileRunning(String id) {
                signals.send(sig);
            }
        };
        backends.byName.put("docker", signalled);
        return signalled;
    }

    @Test
    void aSignalOfTheClientReachesTheRunningContainerAsKillWouldHooksIncluded() throws Exception {
        FakeBackend signalled = signalledWhileRunning("INT");
        signalled.exitCode = 130;
        assertThat(service().runAttached(web(false), client())).isEqualTo(130);
        assertThat(signalled.calls).containsSequence("startAttached web1", "info web1", "kill web1 INT");
        assertThat(hooks.fired).anySatisfy(h -> assertThat(h.hook()).isEqualTo(HookNames.CONTAINER_PRE_STOP))
                .anySatisfy(h -> assertThat(h.metadata()).containsEntry("signal", "INT"));
        assertThat(text(err)).isEmpty();
    }

    @Test
    void aVetoedSignalIsNotPassedOnAndTheClientIsToldWhy() throws Exception {
        FakeBackend signalled = signalledWhileRunning("TERM");
        hooks.veto(HookNames.CONTAINER_PRE_STOP, "keep it running");
        service().runAttached(web(false), client());
        assertThat(signalled.calls).doesNotContain("kill web1 TERM");
        assertThat(text(err)).isEqualTo("nexcage run: SIGTERM was not passed on to web1: vetoed by policy: keep it running\n");
    }

    @Test
    void aClientGoneBeforeTheStartMeansNoStartAndWithRmNoContainer() throws Exception {
        signals.hungUp = true;
        assertThat(service().runAttached(web(true), client())).isEqualTo(130);
        assertThat(docker.calls).containsExactly("create web1", "delete web1 true");
        assertThat(text(logged)).contains("run web1: the client went away before the start, so the container was not started"
                + " and was removed");
    }
}
