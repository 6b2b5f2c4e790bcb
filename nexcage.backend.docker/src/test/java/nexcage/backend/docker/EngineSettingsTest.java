package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.testkit.engines.Certificates;

/**
 * How a backend's engine is configured (config.yaml's plugins.docker.config and each
 * plugins.docker.instances.NAME): every mistake refused with one sentence naming the setting, the
 * reason and the fix, before anything running is touched.
 */
class EngineSettingsTest {
    @TempDir
    static Path dir;
    static Path certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = Certificates.make(dir);
    }

    private static Map<String, Object> of(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aUnixSocketOrATcpAddressIsAnEngine() {
        assertThat(EngineSettings.of(of("host", "unix:///run/podman/podman.sock"), null, "").host()).hasToString("unix:///run/podman/podman.sock");
        EngineSettings tcp = EngineSettings.of(of("host", "tcp://10.0.0.5:2375"), null, "");
        assertThat(tcp.host().getPort()).isEqualTo(2375);
        assertThat(tcp.tls()).isNull();
        assertThat(EngineSettings.of(Map.of(), "unix:///var/run/docker.sock", "").host()).hasToString("unix:///var/run/docker.sock");
    }

    @Test
    void tlsFilesMakeAContext() throws Exception {
        EngineSettings s = EngineSettings.of(of("host", "tcp://127.0.0.1:2376", "tls.ca", certs.resolve("ca.pem").toString(),
                "tls.cert", certs.resolve("cert.pem").toString(), "tls.key", certs.resolve("key.pem").toString()), null, "instances.remote.");
        assertThat(s.tls()).isNotNull();
        assertThat(s.tls().getSSLContext().getProtocol()).isEqualTo("TLS");
        // the CA alone: the engine is checked, no client certificate is offered
        assertThat(EngineSettings.of(of("host", "tcp://127.0.0.1:2376", "tls.ca", certs.resolve("ca.pem").toString()), null, "").tls()).isNotNull();
    }

    @Test
    void badInputIsOneSentenceNamingTheSettingAndTheFix() {
        assertThatThrownBy(() -> EngineSettings.of(Map.of(), null, "instances.podman."))
                .hasMessage("instances.podman.host is missing; give the engine's address, e.g. unix:///run/podman/podman.sock or tcp://10.0.0.5:2376");
        assertThatThrownBy(() -> EngineSettings.of(of("host", "http://x:1"), null, "instances.a."))
                .hasMessageStartingWith("instances.a.host 'http://x:1' is not an engine address; write unix:///PATH/TO/SOCKET");
        assertThatThrownBy(() -> EngineSettings.of(of("host", "tcp://10.0.0.5"), null, "instances.a."))
                .hasMessageContaining("is not an engine address").hasMessageContaining("tcp://HOST:PORT");
        assertThatThrownBy(() -> EngineSettings.of(of("host", "unix:relative.sock"), null, "instances.a."))
                .hasMessageContaining("is not an engine address");
        assertThatThrownBy(() -> EngineSettings.of(of("host", "tcp://a b:1"), null, "instances.a."))
                .hasMessageContaining("is not a URL");
        assertThatThrownBy(() -> EngineSettings.of(of("host", "tcp://h:1", "tls.ca", "ca.pem"), null, "instances.a."))
                .hasMessage("instances.a.tls.ca 'ca.pem' is a relative path; give the file's absolute path");
        assertThatThrownBy(() -> EngineSettings.of(of("host", "tcp://h:1", "tls.cert", "/c.pem"), null, "instances.a."))
                .hasMessageContaining("tls.cert and instances.a.tls.key go together");
        assertThatThrownBy(() -> EngineSettings.of(of("host", "unix:///s", "tls.ca", certs.resolve("ca.pem").toString()), null, "instances.a."))
                .hasMessageContaining("is not a tcp:// address");
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> EngineSettings.of(of("host", "tcp://h:1", "tls.ca", missing.toString()), null, "instances.remote."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instances.remote.tls.ca " + missing + " does not exist; fix the path and run 'nexcage config reload'");
        assertThatThrownBy(() -> EngineSettings.of(of("host", "tcp://h:1", "tls.cert", certs.resolve("ca.pem").toString(),
                "tls.key", certs.resolve("ca.pem").toString()), null, "instances.remote."))
                .hasMessageContaining("instances.remote.tls.key").hasMessageContaining("holds no PEM private key");
    }

    @Test
    void theWholeSectionIsCheckedInstanceByInstance() {
        Map<String, Object> good = of("host", "unix:///var/run/docker.sock", "instances.podman.host", "unix:///run/podman/podman.sock",
                "instances.remote.host", "tcp://127.0.0.1:2376", "instances.remote.tls.ca", certs.resolve("ca.pem").toString());
        EngineSettings.check(good, "docker", "unix:///var/run/docker.sock");

        assertThatThrownBy(() -> EngineSettings.check(of("instances.podman.hots", "unix:///x"), "docker", "unix:///var/run/docker.sock"))
                .hasMessage("instances.podman.hots is not an instance setting; the settings are host, tls.ca, tls.cert and tls.key");
        assertThatThrownBy(() -> EngineSettings.check(of("instances.docker.host", "unix:///x"), "docker", "unix:///var/run/docker.sock"))
                .hasMessageStartingWith("instances.docker: docker is the name of the plugin's default backend")
                .hasMessageEndingWith("give the instance another name");
        assertThatThrownBy(() -> EngineSettings.check(of("instances.p.host", "unix://x"), "docker", "unix:///var/run/docker.sock"))
                .hasMessageStartingWith("instances.p.host 'unix://x' is not an engine address");
        assertThatThrownBy(() -> EngineSettings.check(of("host", "tcp://nowhere"), "docker", "unix:///var/run/docker.sock"))
                .hasMessageStartingWith("host 'tcp://nowhere' is not an engine address");
    }

    @Test
    void anInstanceIsNamedByItsConfiguration() {
        assertThat(DockerInstance.instanceName(of("nexcage.instance", "podman", "service.pid", "x~y"))).isEqualTo("podman");
        assertThat(DockerInstance.instanceName(of("service.pid", "nexcage.plugin.docker.instance~remote"))).isEqualTo("remote");
        assertThatThrownBy(() -> DockerInstance.instanceName(of("service.pid", "nexcage.plugin.docker.instance.123")))
                .hasMessageContaining("declare instances in config.yaml under plugins.docker.instances");
    }

    @Test
    void imagesAreShownByTheirFamiliarName() {
        assertThat(DockerBackend.familiar("docker.io/nexcage-test/busybox:latest")).isEqualTo("nexcage-test/busybox:latest");
        assertThat(DockerBackend.familiar("docker.io/library/busybox")).isEqualTo("busybox");
        assertThat(DockerBackend.familiar("quay.io/x/y")).isEqualTo("quay.io/x/y");
        assertThat(DockerBackend.familiar(null)).isNull();
    }
}
