package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ImageInfo;

/** Images and networks on the real engine: import, list, remove, and a container's network mode. */
class DockerImagesTest {
    static DockerBackend docker;
    final List<String> containers = new ArrayList<>();
    final List<String> images = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        docker = RealEngine.backend();
    }

    @AfterEach
    void cleanUp() {
        RealEngine.removeQuietly(containers);
        for (String i : images) {
            try {
                RealEngine.raw().removeImageCmd(i).withForce(true).exec();
            } catch (RuntimeException gone) {
                // removed by the test
            }
        }
    }

    private String image() {
        String name = "nexcage-test/imported-" + RealEngine.unique("img").substring(8) + ":1";
        images.add(name);
        return name;
    }

    private String container(String what) {
        String n = RealEngine.unique(what);
        containers.add(n);
        return n;
    }

    @Test
    void anImportedTarballIsListedRunsAndIsRemovedOnlyWithForceWhileUsed() throws Exception {
        Path tar = Files.write(tmp.resolve("rootfs.tar"), RealEngine.busyboxTar());
        String name = image();
        Instant before = Instant.now().minusSeconds(5);
        ImageInfo imported = docker.importImage(name, tar);
        assertThat(imported.name()).isEqualTo(name);
        assertThat(imported.id()).startsWith("sha256:");
        assertThat(imported.sizeBytes()).isPositive();
        assertThat(imported.created()).isAfter(before);
        assertThat(imported.backend()).isEqualTo("docker");
        assertThat(docker.images()).filteredOn(i -> i.name().equals(name)).singleElement()
                .satisfies(i -> assertThat(i.id()).isEqualTo(imported.id()));

        String c = container("fromimport");
        docker.create(new ContainerSpec(c, name, List.of("echo", "imported"), RealEngine.MANAGED, false));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(docker.startAttached(c, out, ByteArrayOutputStream.nullOutputStream())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("imported\n");

        BackendException inUse = catchThrowableOfType(() -> docker.removeImage(name, false), BackendException.class);
        assertThat(inUse.reason()).isEqualTo(Reason.IMAGE_IN_USE);
        assertThat(inUse.getMessage()).contains(name).contains("-f").doesNotContain("\n");
        docker.removeImage(name, true);
        assertThat(docker.images()).extracting(ImageInfo::name).doesNotContain(name);
        BackendException gone = catchThrowableOfType(() -> docker.removeImage(name, false), BackendException.class);
        assertThat(gone.reason()).isEqualTo(Reason.NO_SUCH_IMAGE);
    }

    @Test
    void anImportReplacesTheNameAndAGzippedTarballIsTaken() throws Exception {
        Path tar = Files.write(tmp.resolve("rootfs.tar"), RealEngine.busyboxTar());
        Process gz = new ProcessBuilder("gzip", "-k", tar.toString()).inheritIO().start();
        assertThat(gz.waitFor()).isZero();
        String name = image();
        ImageInfo first = docker.importImage(name, tar);
        ImageInfo second = docker.importImage(name, tmp.resolve("rootfs.tar.gz"));
        assertThat(docker.images()).filteredOn(i -> i.name().equals(name)).extracting(ImageInfo::id)
                .containsExactly(second.id());
        assertThat(second.created()).isAfterOrEqualTo(first.created());
    }

    @Test
    void notATarballOrALayoutIsRefusedInOneLine() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.tar"), "this is not a tar archive\n".repeat(100));
        String name = image();
        BackendException bad = catchThrowableOfType(() -> docker.importImage(name, junk), BackendException.class);
        assertThat(bad.reason()).isEqualTo(Reason.OTHER);
        assertThat(bad.getMessage()).contains(name).contains("root file system").doesNotContain("\n");

        Path layout = Files.createDirectories(tmp.resolve("layout"));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\": \"1.0.0\"}");
        BackendException dir = catchThrowableOfType(() -> docker.importImage(name, layout), BackendException.class);
        assertThat(dir.reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(dir.getMessage()).contains("skopeo copy oci:" + layout).doesNotContain("\n");
    }

    @Test
    void theNetworkIsTheEnginesNetworkMode() throws Exception {
        for (String network : List.of(ContainerSpec.NETWORK_NONE, ContainerSpec.NETWORK_HOST)) {
            String c = container("net" + network);
            docker.create(new ContainerSpec(c, RealEngine.IMAGE, List.of("true"), RealEngine.MANAGED, false, network));
            assertThat(RealEngine.raw().inspectContainerCmd(c).exec().getHostConfig().getNetworkMode()).isEqualTo(network);
        }
        String host = container("nethostdev");
        docker.create(new ContainerSpec(host, RealEngine.IMAGE, List.of("cat", "/proc/net/dev"), RealEngine.MANAGED, false,
                ContainerSpec.NETWORK_HOST));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(docker.startAttached(host, out, ByteArrayOutputStream.nullOutputStream())).isZero();
        // the host's interfaces: the same list as this test's own network namespace
        String mine = Files.readString(Path.of("/proc/net/dev"));
        assertThat(names(out.toString(StandardCharsets.UTF_8))).isEqualTo(names(mine));
    }

    private static List<String> names(String procNetDev) {
        return procNetDev.lines().skip(2).map(String::strip).map(l -> l.substring(0, l.indexOf(':'))).sorted().toList();
    }
}
