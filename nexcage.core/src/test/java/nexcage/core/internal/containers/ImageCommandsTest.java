package nexcage.core.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.ImageInfo;
import nexcage.api.security.SecurityExtension;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.config.RuntimeSettings;
import nexcage.core.internal.daemon.DaemonLog;
import nexcage.core.internal.plugins.Timed;
import nexcage.core.internal.security.SecurityGate;
import nexcage.core.internal.testing.RecordingAccounting;

/** The image commands on in-memory backends: one that keeps images, one that does not. */
class ImageCommandsTest {
    @TempDir
    Path cwd;

    private final ImageBackend oci = new ImageBackend("oci");
    private final FakeBackend docker = new FakeBackend("docker"); // keeps no images: the API's defaults
    private final MapBackends backends = new MapBackends(oci, docker);
    private final RecordingAccounting accounting = new RecordingAccounting();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private SecurityGate gate = new SecurityGate(null);
    private RuntimeSettings settings = new RuntimeSettings(null, false, null, 100, "oci", List.of());

    @AfterEach
    void shutDown() {
        pool.shutdownNow();
    }

    /** A backend that keeps images in a list and records what it was asked. */
    static final class ImageBackend extends FakeBackend {
        final List<ImageInfo> images = new ArrayList<>();
        final List<String> asked = new ArrayList<>();

        ImageBackend(String name) {
            super(name);
        }

        @Override
        public ImageInfo importImage(String name, Path source) {
            asked.add("import " + name + " " + source);
            ImageInfo i = new ImageInfo(name, "sha256:" + "ab".repeat(32), 4_260_000, Instant.parse("2026-12-05T10:00:00.5Z"), name());
            images.add(i);
            return i;
        }

        @Override
        public List<ImageInfo> images() {
            return images;
        }

        @Override
        public void removeImage(String name, boolean force) throws BackendException {
            asked.add("remove " + name + " " + force);
            if (!force) {
                throw new BackendException(Reason.IMAGE_IN_USE, "image " + name + " is used by container web1; delete it first or use -f");
            }
        }
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        ImageCommands c = new ImageCommands(new ImageOperations(backends, () -> settings,
                new DaemonLog(DaemonLog.Level.ERROR, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)),
                accounting), gate);
        return c.run("image", List.of(args), new CommandIO(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), cwd, false));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void importGoesToTheDefaultBackendWithTheCallersFileAndATagAndIsCounted() throws Exception {
        Files.writeString(cwd.resolve("rootfs.tar"), "tar");
        assertThat(run("import", "busybox", "rootfs.tar")).as(err()).isZero();
        assertThat(out()).isEqualTo("sha256:" + "ab".repeat(32) + "\n");
        assertThat(oci.asked).containsExactly("import busybox:latest " + cwd.resolve("rootfs.tar"));
        assertThat(accounting.events).containsExactly("begin oci backend:importImage", "end oci backend:importImage ok");
    }

    @Test
    void listWithoutBackendShowsEveryBackendThatKeepsImages() throws Exception {
        Files.writeString(cwd.resolve("rootfs.tar"), "tar");
        run("import", "nexcage-test/busybox:1", "rootfs.tar");
        assertThat(run("list")).as(err()).isZero();
        assertThat(out()).isEqualTo("NAME                    ID            SIZE    CREATED               BACKEND\n"
                + "nexcage-test/busybox:1  abababababab  4.26MB  2026-12-05T10:00:00Z  oci\n");
        assertThat(run("list", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("name").asText()).isEqualTo("nexcage-test/busybox:1");
        assertThat(json.get(0).get("id").asText()).isEqualTo("sha256:" + "ab".repeat(32));
        assertThat(json.get(0).get("size").asLong()).isEqualTo(4_260_000);
        assertThat(json.get(0).get("created").asText()).isEqualTo("2026-12-05T10:00:00Z");
        assertThat(json.get(0).get("backend").asText()).isEqualTo("oci");
        // asked by name, a backend without images is a failure that says so
        assertThat(run("list", "--backend", "docker")).isEqualTo(1);
        assertThat(err()).isEqualTo("nexcage image list: the docker backend does not list images; list them with its engine's own tools\n");
    }

    @Test
    void removeInUseNeedsForce() {
        assertThat(run("remove", "busybox")).isEqualTo(1);
        assertThat(err()).isEqualTo("nexcage image remove: image busybox:latest is used by container web1; delete it first or use -f\n");
        assertThat(run("remove", "-f", "busybox:latest")).isZero();
        assertThat(out()).isEqualTo("busybox:latest\n");
        assertThat(oci.asked).containsExactly("remove busybox:latest false", "remove busybox:latest true");
    }

    @Test
    void badInputIsOneLineAndExitTwoBeforeABackendIsAsked() throws Exception {
        Files.createDirectories(cwd.resolve("notalayout"));
        Files.writeString(cwd.resolve("rootfs.tar"), "tar");
        assertThat(run("import", "Busybox", "rootfs.tar")).isEqualTo(2);
        assertThat(err()).startsWith("nexcage image import: 'Busybox' is not an image name; write it as NAME[:TAG]");
        assertThat(run("import", "busybox", "missing.tar")).isEqualTo(2);
        assertThat(err()).isEqualTo("nexcage image import: there is no file " + cwd.resolve("missing.tar") + "; give a root file system"
                + " tarball (as docker export writes), an OCI image layout directory, or - to read the tarball from stdin\n");
        assertThat(run("import", "busybox", "notalayout")).isEqualTo(2);
        assertThat(err()).contains("is a directory but not an OCI image layout");
        assertThat(run("import", "busybox")).isEqualTo(2);
        assertThat(err()).isEqualTo("nexcage image import: usage: nexcage image import [--backend B] NAME FILE|-\n");
        assertThat(run("import", "--backend", "ghost", "busybox", "rootfs.tar")).isEqualTo(2);
        assertThat(err()).isEqualTo("nexcage image import: there is no backend 'ghost'; the available backends are docker, oci\n");
        assertThat(run("import", "--backend", "docker", "busybox", "rootfs.tar")).isEqualTo(1);
        assertThat(err()).isEqualTo("nexcage image import: the docker backend does not import images; import them with its engine's own"
                + " tools\n");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err()).startsWith("nexcage image frobnicate: 'frobnicate' is not an image command; usage: nexcage image import|list|remove");
        assertThat(err().lines()).allSatisfy(l -> assertThat(l).startsWith("nexcage image"));
        assertThat(oci.asked).isEmpty();
        assertThat(run("import", "--help")).isZero();
        assertThat(out()).startsWith("usage: nexcage image import [--backend B] NAME FILE|-\nImports a root file system tarball");
    }

    @Test
    void aSecurityExtensionIsPutImportAndRemoveAndItsRefusalChangesNothing() throws Exception {
        Files.writeString(cwd.resolve("rootfs.tar"), "tar");
        List<String> asked = new ArrayList<>();
        gate = new SecurityGate(new Timed(pool, accounting));
        gate.add(new SecurityGate.Extension(new SecurityExtension() {
            @Override
            public String name() {
                return "no-images";
            }

            @Override
            public String authenticate(Map<String, String> credentials) {
                return "alice";
            }

            @Override
            public boolean authorize(String principal, String action, String resource) {
                asked.add(action + " " + resource);
                return false;
            }

            @Override
            public void audit(String principal, String action, String resource, boolean allowed) {
            }
        }, "no-images", "no-images", 5, 0, 1));
        assertThat(run("import", "busybox", "rootfs.tar")).isEqualTo(1);
        assertThat(err()).startsWith("nexcage image import: busybox:latest: refused by security extension no-images");
        assertThat(run("remove", "busybox")).isEqualTo(1);
        assertThat(run("list")).isZero();
        assertThat(asked).containsExactly("image.import busybox:latest", "image.remove busybox:latest");
        assertThat(oci.asked).isEmpty();
    }

    @Test
    void namesAndSizes() {
        assertThat(ImageNames.check("busybox")).isEqualTo("busybox:latest");
        assertThat(ImageNames.check("localhost:5000/team/app")).isEqualTo("localhost:5000/team/app:latest");
        assertThat(ImageNames.check("nexcage-test/busybox:1.36")).isEqualTo("nexcage-test/busybox:1.36");
        for (String bad : List.of("", "UPPER", "-x", "a//b", "a:", "a:-tag", "a b", "a@sha256:00", "--backend")) {
            assertThat(catchUsage(bad)).as(bad).isTrue();
        }
        assertThat(ImageCommands.size(null)).isEqualTo("-");
        assertThat(ImageCommands.size(512L)).isEqualTo("512B");
        assertThat(ImageCommands.size(4_260_000L)).isEqualTo("4.26MB");
        assertThat(ImageCommands.size(120_000_000L)).isEqualTo("120MB");
        assertThat(ImageCommands.size(1_000_000_000L)).isEqualTo("1GB");
    }

    private static boolean catchUsage(String name) {
        try {
            ImageNames.check(name);
            return false;
        } catch (ContainerCommands.Usage expected) {
            return true;
        }
    }
}
