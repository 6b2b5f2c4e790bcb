package nexcage.backend.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
    @TempDir
    Path dir;
    final Set<Path> used = new HashSet<>();
    ImageStore store;
    Path tar;

    @BeforeEach
    void setUp() throws Exception {
        store = new ImageStore(dir.resolve("images"), used::contains);
        tar = TestImages.tarball(Files.createDirectories(dir.resolve("src")));
    }

    @Test
    void aTarballBecomesARootFileSystemWithItsDigest() throws Exception {
        ImageStore.Image i = store.importImage("bb", tar);
        assertThat(i.name()).isEqualTo("bb:latest");
        assertThat(i.id()).isEqualTo("sha256:" + ImageStore.sha256(tar));
        assertThat(i.rootfs().resolve("bin/busybox")).isExecutable();
        assertThat(i.sizeBytes()).isGreaterThan(Files.size(TestImages.busybox()) - 1);
        assertThat(i.config()).isEqualTo(ImageConfig.NONE);
        assertThat(store.find("bb")).contains(i);
        assertThat(store.list()).containsExactly(i);
    }

    @Test
    void aReimportReplacesTheNameAndAnImageInUseStaysWithoutOne() throws Exception {
        ImageStore.Image first = store.importImage("bb", tar);
        used.add(first.rootfs());
        ImageStore.Image second = store.importImage("bb:latest", tar);
        assertThat(store.list()).containsExactly(second);
        assertThat(first.dir()).exists(); // a container still rests on it
        used.clear();
        store.collect();
        assertThat(first.dir()).doesNotExist();
        store.remove(second);
        assertThat(store.list()).isEmpty();
        assertThat(dir.resolve("images")).isEmptyDirectory();
    }

    @Test
    void whatIsNoTarballOrLayoutIsRefusedWithTheReason() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.tar"), "no tar at all");
        assertThatThrownBy(() -> store.importImage("x", junk)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tar could not unpack");
        assertThatThrownBy(() -> store.importImage("x", Files.createDirectories(dir.resolve("plain"))))
                .hasMessageContaining("no OCI image layout");
        assertThat(dir.resolve("images")).isEmptyDirectory();
    }

    @Test
    void aLayoutWithManyImagesNeedsTheTagOfOne() throws Exception {
        Path layout = Files.createDirectories(dir.resolve("layout"));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":["
                + "{\"digest\":\"sha256:a\",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}},"
                + "{\"digest\":\"sha256:b\",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v2\"}}]}");
        assertThat(OciLayout.choose(layout, "x:v2").digest()).isEqualTo("sha256:b");
        assertThatThrownBy(() -> OciLayout.choose(layout, "x")).hasMessageContaining("v1, v2").hasMessageContaining("NAME:v1");
    }
}
