package nexcage.backend.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;
import nexcage.api.backend.ImageInfo;
import nexcage.api.backend.ManagedLabels;

/**
 * The backend on a real OCI runtime (as root): what the shared conformance cases do not cover —
 * a daemon restart, images from tarballs and OCI layouts, annotations, the host network, the copy
 * mode. A subclass names the runtime.
 */
abstract class RealRuntimeTests {
    static final String IMAGE = "busybox-test:latest";

    @TempDir
    static Path work;
    @TempDir
    Path data;
    OciBackend backend;

    abstract String runtime();

    String rootfsMode() {
        return RootFs.OVERLAY;
    }

    @BeforeEach
    void setUp() throws Exception {
        assertThat(OciRuntime.find(runtime())).as(runtime() + " is installed (apt-get install " + runtime() + ")").isPresent();
        backend = new OciBackend(data, runtime(), rootfsMode());
        Path tar = Files.exists(work.resolve("busybox.tar.gz")) ? work.resolve("busybox.tar.gz") : TestImages.tarball(work);
        backend.importImage(IMAGE, tar);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (ContainerInfo c : backend.list(true)) {
            backend.delete(c.id(), true);
        }
        for (ImageInfo i : backend.images()) {
            backend.removeImage(i.name(), true);
        }
        assertThat(RootFs.mounted(data.resolve("containers"))).isFalse();
    }

    ContainerSpec spec(String id, List<String> cmd) {
        return new ContainerSpec(id, IMAGE, cmd, Map.of(ManagedLabels.MANAGED, "true", "team", "a"), false);
    }

    record Run(int code, String out, String err) {
    }

    Run attached(String id) throws BackendException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = backend.startAttached(id, out, err);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void attachedRunKeepsTheStreamsApartAndTheExitCode() throws Exception {
        backend.create(spec("streams", List.of("sh", "-c", "echo out; echo err >&2; exit 3")));
        Run r = attached("streams");
        assertThat(r).isEqualTo(new Run(3, "out\n", "err\n"));
        ContainerInfo i = backend.info("streams");
        assertThat(i.status()).isEqualTo(ContainerStatus.STOPPED);
        assertThat(i.exitCode()).isEqualTo(3);
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        backend.logs("streams", false, -1, logs, logs);
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("out\n", "err\n");
    }

    @Test
    void aCommandThatIsNotThereOrCannotRunFailsAsDockerRunDoes() throws Exception {
        backend.create(spec("missing", List.of("nosuchcommand")));
        assertThatThrownBy(() -> attached("missing")).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.COMMAND_NOT_FOUND));
        backend.create(spec("plain", List.of("/bin/plain")));
        assertThatThrownBy(() -> backend.start("plain")).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.COMMAND_NOT_INVOKABLE));
        backend.create(spec("dir", List.of("/notexec")));
        assertThatThrownBy(() -> backend.start("dir")).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.COMMAND_NOT_INVOKABLE));
    }

    @Test
    void aContainerOutlivesTheBackendAndKeepsItsExitCode() throws Exception {
        backend.create(spec("survivor", List.of("sh", "-c", "echo up; trap 'exit 7' TERM; while true; do sleep 0.1; done")));
        backend.start("survivor");
        ContainerInfo running = backend.info("survivor");
        assertThat(running.status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(running.pid()).isPositive();

        OciBackend restarted = new OciBackend(data, runtime(), rootfsMode()); // a daemon restart: nothing in memory
        assertThat(restarted.list(false)).extracting(ContainerInfo::id, ContainerInfo::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("survivor", ContainerStatus.RUNNING));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(restarted.exec("survivor", List.of("sh", "-c", "echo in; exit 4"), out, out)).isEqualTo(4);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("in\n");
        restarted.stop("survivor", 10);
        ContainerInfo stopped = new OciBackend(data, runtime(), rootfsMode()).info("survivor");
        assertThat(stopped.status()).isEqualTo(ContainerStatus.STOPPED);
        assertThat(stopped.exitCode()).isEqualTo(7);
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        restarted.logs("survivor", true, 1, logs, logs);
        assertThat(logs.toString(StandardCharsets.UTF_8)).isEqualTo("up\n");
    }

    @Test
    void labelsAreTheBundlesAnnotations() throws Exception {
        backend.create(spec("labelled", List.of("true")));
        String config = Files.readString(data.resolve("containers/labelled/config.json"));
        assertThat(config).contains("\"annotations\"", "\"team\" : \"a\"", "\"nexcage.managed\" : \"true\"");
        assertThat(backend.list(false)).singleElement().satisfies(c -> assertThat(c.labels()).containsEntry("team", "a"));
    }

    @Test
    void theHostNetworkShowsTheHostsInterfaces() throws Exception {
        backend.create(new ContainerSpec("hostnet", IMAGE, List.of("cat", "/proc/net/dev"), Map.of(), false, ContainerSpec.NETWORK_HOST));
        Run r = attached("hostnet");
        assertThat(r.out().lines().skip(2).map(l -> l.strip().split(":")[0])).contains("lo").hasSizeGreaterThan(1);
        assertThatThrownBy(() -> backend.create(new ContainerSpec("bridge", IMAGE, List.of("true"), Map.of(), false, "bridge")))
                .hasMessageContaining("--network none or --network host");
    }

    @Test
    void anAutoRemovedContainerIsGoneWhenTheRunReturns() throws Exception {
        backend.create(new ContainerSpec("gone", IMAGE, List.of("sh", "-c", "exit 5"), Map.of(), true));
        assertThat(attached("gone").code()).isEqualTo(5);
        assertThat(data.resolve("containers/gone")).doesNotExist();
        assertThatThrownBy(() -> backend.info("gone")).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NO_SUCH_CONTAINER));
    }

    @Test
    void anOciLayoutBringsItsCommandEnvironmentAndWorkingDirectory() throws Exception {
        Path layout = TestImages.layout(Files.createTempDirectory(work, "layout"), "v1", "sh", "-c", "echo $GREETING from $(pwd)");
        ImageInfo i = backend.importImage("layout-test:v1", layout);
        assertThat(i.id()).startsWith("sha256:");
        assertThat(backend.images()).extracting(ImageInfo::name).contains("layout-test:v1", IMAGE);
        backend.create(new ContainerSpec("fromlayout", "layout-test:v1", List.of(), Map.of(), false));
        assertThat(attached("fromlayout").out()).isEqualTo("hello from /tmp\n");
    }

    @Test
    void anImageInUseIsRemovedOnlyWithForceAndItsContainersKeepRunning() throws Exception {
        backend.create(spec("user", List.of("sleep", "30")));
        backend.start("user");
        assertThatThrownBy(() -> backend.removeImage(IMAGE, false)).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.IMAGE_IN_USE));
        backend.removeImage(IMAGE, true);
        assertThat(backend.images()).isEmpty();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(backend.exec("user", List.of("ls", "/bin/busybox"), out, out)).isZero();
        backend.delete("user", true);
        assertThat(data.resolve("images")).isEmptyDirectory(); // the nameless image went with its last container
        assertThatThrownBy(() -> backend.create(spec("late", List.of("true")))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NO_SUCH_IMAGE));
        backend.importImage(IMAGE, work.resolve("busybox.tar.gz"));
    }

    @Test
    void writesStayInTheContainer() throws Exception {
        backend.create(spec("writer", List.of("sh", "-c", "echo x > /bin/new; ls /bin/new")));
        assertThat(attached("writer").code()).isZero();
        backend.create(spec("reader", List.of("ls", "/bin/new")));
        assertThat(attached("reader").code()).isNotZero();
    }
}
