package nexcage.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;

/**
 * The backend cases on the oci backend (crun, the system plugin oci-0.8.0.nexcage-plugin), with
 * the busybox test image imported by {@code nexcage image import}; and what only a backend that
 * keeps its own images has: image list, and a remove refused while a container uses the image.
 */
class OciCommandsEndToEndTest extends BackendCommandsEndToEnd {
    static final String IMAGE = "nexcage-test/busybox:latest";

    @Override
    protected String backendName() {
        return "oci";
    }

    @Override
    protected String configYaml() {
        return super.configYaml() + "plugins:\n  oci:\n    config:\n      runtime: crun\n";
    }

    @Override
    protected String prepareImage(Nexcage nx) throws Exception {
        return importImage(IMAGE);
    }

    @Test
    @Order(10)
    void imagesAreListedAndOneInUseIsKept() {
        JsonNode listed = null;
        for (JsonNode i : nx.json("image", "list", "--json", "--backend", "oci")) {
            if (i.get("name").asText().equals(IMAGE)) {
                listed = i;
            }
        }
        assertThat(listed).as("image list shows %s", IMAGE).isNotNull();
        assertThat(listed.get("id").asText()).startsWith("sha256:");

        String id = id("user");
        assertThat(nx.run("create", "--name", id, "--backend", "oci", IMAGE, "true").exit()).isZero();
        Nexcage.Result refused = nx.run("image", "remove", "--backend", "oci", IMAGE);
        assertThat(refused.exit()).as(refused.toString()).isNotZero();
        assertThat(refused.err()).contains(IMAGE).contains("-f");
        assertThat(nx.run("delete", "--backend", "oci", id).exit()).isZero();
    }
}
