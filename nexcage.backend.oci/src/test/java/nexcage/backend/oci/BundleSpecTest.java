package nexcage.backend.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class BundleSpecTest {
    static final ImageConfig IMAGE = new ImageConfig(List.of("sh"), List.of("GREETING=hi"), "/work", 1000, 100);

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isObject() ? n.path("type").asText() : n.asText()));
        return out;
    }

    @Test
    void theCommandRunsUnderTheInitWithTheImagesEnvironmentAndUser() {
        JsonNode c = BundleSpec.config("web1", List.of("echo", "hi"), IMAGE, Map.of(), false, "/usr/bin/tini-static");
        JsonNode p = c.path("process");
        assertThat(texts(p.path("args"))).containsExactly("/dev/init", "--", "echo", "hi");
        assertThat(texts(p.path("env"))).containsExactly(ImageConfig.DEFAULT_PATH, "GREETING=hi", "HOSTNAME=web1");
        assertThat(p.path("cwd").asText()).isEqualTo("/work");
        assertThat(p.path("user").path("uid").asLong()).isEqualTo(1000);
        assertThat(p.path("terminal").asBoolean()).isFalse();
        assertThat(c.path("mounts").findValuesAsText("destination")).contains("/proc", "/dev", "/dev/init");
        assertThat(c.path("root").path("path").asText()).isEqualTo("rootfs");
    }

    @Test
    void withoutACommandTheImagesRunsAndWithoutAnInitNothingWrapsIt() {
        JsonNode c = BundleSpec.config("a", List.of(), IMAGE, Map.of(), false, null);
        assertThat(texts(c.path("process").path("args"))).containsExactly("sh");
        assertThat(c.path("mounts").findValuesAsText("destination")).doesNotContain("/dev/init");
    }

    @Test
    void labelsAreAnnotations() {
        JsonNode c = BundleSpec.config("a", List.of("true"), IMAGE, Map.of("nexcage.managed", "true", "team", "a"), false, null);
        assertThat(c.path("annotations").path("team").asText()).isEqualTo("a");
        assertThat(c.path("annotations").path("nexcage.managed").asText()).isEqualTo("true");
    }

    @Test
    void noNetworkIsANetworkNamespaceTheHostsIsNone() {
        JsonNode none = BundleSpec.config("a", List.of("true"), IMAGE, Map.of(), false, null);
        assertThat(texts(none.path("linux").path("namespaces"))).containsExactlyInAnyOrder("pid", "ipc", "uts", "mount", "network");
        JsonNode host = BundleSpec.config("a", List.of("true"), IMAGE, Map.of(), true, null);
        assertThat(texts(host.path("linux").path("namespaces"))).doesNotContain("network");
        assertThat(host.path("mounts").findValuesAsText("destination")).contains("/etc/resolv.conf");
    }

    @Test
    void theHostNameIsTheIdCutToTheKernelsLimit() {
        assertThat(BundleSpec.hostname("x".repeat(80))).hasSize(63);
        assertThat(new String(BundleSpec.bytes(BundleSpec.config("a", List.of("true"), IMAGE, Map.of(), false, null))))
                .contains("\"hostname\" : \"a\"");
    }
}
