package nexcage.backend.lxc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.api.backend.BackendException;

class OciLayoutTest {

    @TempDir
    Path layout;

    private void blob(String hex, String json) throws Exception {
        Files.writeString(Files.createDirectories(layout.resolve("blobs/sha256")).resolve(hex), json);
    }

    private void layout(String indexManifests) throws Exception {
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[" + indexManifests + "]}");
        blob("a".repeat(64), "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:" + "b".repeat(64) + "\"},\"layers\":[]}");
        blob("b".repeat(64), "{\"config\":{\"Entrypoint\":[\"/bin/sh\",\"-c\"],\"Cmd\":[\"echo hi\"],\"Env\":[\"PATH=/bin\"],"
                + "\"WorkingDir\":\"/srv\"}}");
    }

    private static String manifest(String ref) {
        return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":1"
                + (ref == null ? "" : ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + ref + "\"}") + "}";
    }

    @Test
    void theTaggedImageGivesItsCommandEnvironmentAndFolder() throws Exception {
        layout(manifest("v1") + "," + manifest("latest"));
        OciLayout.Image img = OciLayout.select(layout, "latest");
        assertThat(img.ref()).isEqualTo("latest");
        assertThat(img.digest()).isEqualTo("sha256:" + "a".repeat(64));
        assertThat(img.command()).containsExactly("/bin/sh", "-c", "echo hi");
        assertThat(img.env()).containsExactly("PATH=/bin");
        assertThat(img.workdir()).isEqualTo("/srv");
    }

    @Test
    void theOnlyImageIsTakenWhateverItsTagAndAnUnknownTagIsRefused() throws Exception {
        layout(manifest(null));
        assertThat(OciLayout.select(layout, "anything").ref()).isNull();
        layout(manifest("v1") + "," + manifest("v2"));
        assertThatThrownBy(() -> OciLayout.select(layout, "v3")).isInstanceOf(BackendException.class)
                .hasMessageContaining("no image tagged v3 (it has v1, v2)");
    }
}
