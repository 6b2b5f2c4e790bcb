package nexcage.example.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.api.PluginContext;
import nexcage.api.PluginMetadata;
import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;
import nexcage.api.hooks.HookHandler;
import nexcage.api.hooks.HookPriority;

/** The guide's process backend: what the guide says it does, on real host processes. */
class ProcessBackendTest {
    @TempDir
    Path data;
    private final ProcessBackend backend = new ProcessBackend();
    private final List<String> logged = new ArrayList<>();

    @BeforeEach
    void init() throws Exception {
        backend.init(new DataContext());
    }

    @AfterEach
    void deinit() {
        backend.deinit(new DataContext());
    }

    private static ContainerSpec spec(String id, boolean autoRemove, String... command) {
        return new ContainerSpec(id, "none", List.of(command), Map.of("nexcage.managed", "true"), autoRemove);
    }

    @Test
    void anAttachedRunCopiesTheOutputAndReturnsTheExitCode() throws Exception {
        backend.create(spec("p1", false, "sh", "-c", "echo hello; echo oops >&2; exit 3"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(backend.startAttached("p1", out, new ByteArrayOutputStream())).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello\noops\n");
        assertThat(backend.info("p1").status()).isEqualTo(ContainerStatus.STOPPED);
        assertThat(backend.info("p1").exitCode()).isEqualTo(3);
        assertThat(Files.readString(data.resolve("containers/p1/output.log"))).isEqualTo("hello\noops\n");
        assertThat(logged).singleElement().asString().startsWith("info process backend keeps its containers in ");
    }

    @Test
    void withAutoRemoveAnAttachedRunLeavesNothing() throws Exception {
        backend.create(spec("p2", true, "echo", "bye"));
        assertThat(backend.startAttached("p2", new ByteArrayOutputStream(), new ByteArrayOutputStream())).isZero();
        assertThat(backend.list(true)).isEmpty();
        assertThat(data.resolve("containers/p2")).doesNotExist();
    }

    @Test
    void aRunningContainerIsStoppedExecedAndRefusesADeleteWithoutForce() throws Exception {
        backend.create(spec("p3", false, "sleep", "30"));
        backend.start("p3");
        assertThat(backend.info("p3").status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(backend.info("p3").pid()).isPositive();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(backend.exec("p3", List.of("pwd"), out, out)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).endsWith("containers/p3");
        assertThatThrownBy(() -> backend.delete("p3", false)).isInstanceOf(BackendException.class)
                .hasMessage("container p3 is running; stop it first or delete it with -f");
        assertThatThrownBy(() -> backend.kill("p3", "HUP")).hasMessageContaining("only TERM and KILL");
        backend.stop("p3", 5);
        assertThat(backend.info("p3").status()).isEqualTo(ContainerStatus.STOPPED);
        assertThatThrownBy(() -> backend.stop("p3", 1)).isInstanceOf(BackendException.class)
                .extracting(e -> ((BackendException) e).reason()).isEqualTo(BackendException.Reason.NOT_RUNNING);
        backend.delete("p3", false);
        assertThat(backend.list(true)).isEmpty();
    }

    @Test
    void logsGivesTheLastLinesAsked() throws Exception {
        backend.create(spec("p4", false, "sh", "-c", "echo 1; echo 2; echo 3"));
        backend.startAttached("p4", new ByteArrayOutputStream(), new ByteArrayOutputStream());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        backend.logs("p4", false, 2, out, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("2\n3\n");
    }

    @Test
    void aMissingCommandIsCommandNotFoundAndAnEmptyOneIsRefusedAtCreate() throws Exception {
        backend.create(spec("p5", false, "no-such-command-anywhere"));
        assertThatThrownBy(() -> backend.start("p5")).isInstanceOf(BackendException.class)
                .extracting(e -> ((BackendException) e).reason()).isEqualTo(BackendException.Reason.COMMAND_NOT_FOUND);
        assertThatThrownBy(() -> backend.create(spec("p6", false))).hasMessageContaining("give the command after the image");
        assertThatThrownBy(() -> backend.create(spec("p5", false, "true"))).isInstanceOf(BackendException.class)
                .extracting(e -> ((BackendException) e).reason()).isEqualTo(BackendException.Reason.NAME_IN_USE);
    }

    @Test
    void beforeInitItIsUnhealthyAndDeinitLeavesNoProcess() throws Exception {
        backend.create(spec("p7", false, "sleep", "30"));
        backend.start("p7");
        Process p = backend.container("p7").process();
        backend.deinit(new DataContext());
        assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(backend.health().state()).isEqualTo(BackendHealth.State.UNHEALTHY);
        assertThatThrownBy(() -> backend.create(spec("p8", false, "true"))).isInstanceOf(BackendException.class)
                .extracting(e -> ((BackendException) e).reason()).isEqualTo(BackendException.Reason.ENGINE_UNAVAILABLE);
    }

    /** Only what the backend uses: the data directory and the log. */
    private final class DataContext implements PluginContext {
        @Override
        public String getPluginName() {
            return "process-backend";
        }

        @Override
        public PluginMetadata getMetadata() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public Path getDataDirectory() {
            return data;
        }

        @Override
        public Map<String, Object> getConfig() {
            return Map.of();
        }

        @Override
        public AutoCloseable registerHook(String hook, HookHandler handler, HookPriority priority, long timeoutMs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void log(String level, String message) {
            logged.add(level + " " + message);
        }

        @Override
        public ThreadFactory threadFactory() {
            return Thread::new;
        }
    }
}
