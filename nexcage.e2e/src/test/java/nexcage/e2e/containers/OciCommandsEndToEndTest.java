package nexcage.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;

/**
 * The backend cases on the oci backend (crun, the system plugin oci-0.8.0.nexcage-plugin), with
 * the busybox test image imported by {@code nexcage image import}; and what only a backend that
 * keeps its own images has: image list, and a remove refused while a container uses the image; and
 * the network: only lo by default, the host's with --network host.
 */
class OciCommandsEndToEndTest extends BackendCommandsEndToEnd {
    static final String IMAGE = "nexcage-test/busybox:latest";

    @Override
    protected String backendName() {
        return "oci";
    }

    /** The OCI runtime the daemon's oci backend is set to. */
    protected String runtime() {
        return "crun";
    }

    @Override
    protected String configYaml() {
        return super.configYaml() + "plugins:\n  oci:\n    config:\n      runtime: " + runtime() + "\n";
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

    @Test
    @Order(11)
    void noNetworkButLoopbackUnlessTheHosts() {
        Nexcage.Result none = nx.run("run", "--rm", "--name", id("netnone"), "--backend", "oci", IMAGE, "cat", "/proc/net/dev");
        assertThat(none.exit()).as(none.toString()).isZero();
        assertThat(interfaces(none.out())).containsExactly("lo");
        Nexcage.Result host = nx.run("run", "--rm", "--network", "host", "--name", id("nethost"), "--backend", "oci", IMAGE,
                "cat", "/proc/net/dev");
        assertThat(host.exit()).as(host.toString()).isZero();
        assertThat(interfaces(host.out())).contains("lo").hasSizeGreaterThan(1);
        JsonNode b = null;
        for (JsonNode e : nx.json("backend", "list", "--json")) {
            if (e.get("name").asText().equals("oci")) {
                b = e;
            }
        }
        assertThat(b).isNotNull();
        assertThat(b.get("version").asText()).as("the runtime the setting chose answers").startsWith(runtime() + " version");
    }

    @Test
    @Order(12)
    void itShipsSignedAndItsAuditIsClean() {
        JsonNode info = nx.json("plugin", "info", "oci", "--json");
        assertThat(info.get("signer").asText()).as("the system plugin oci is signed: %s", info).isNotBlank();
        Nexcage.Result audit = nx.run("plugin", "audit", "oci");
        assertThat(audit.exit()).as(audit.toString()).isZero();
        assertThat(audit.out()).contains("no findings");
    }

    private static java.util.List<String> interfaces(String procNetDev) {
        return procNetDev.lines().skip(2).map(l -> l.strip().split(":")[0]).toList();
    }
}
