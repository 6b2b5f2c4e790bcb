package nexcage.http.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ApiConfigTest {

    @Test
    void withoutListenTheApiIsOff() {
        assertThat(ApiConfig.of(Map.of("state_dir", "/s"))).isNull();
        assertThat(ApiConfig.of(Map.of("listen", " "))).isNull();
    }

    @Test
    void listenIsHostAndPortWithIpv6InBrackets() {
        ApiConfig c = ApiConfig.of(Map.of("listen", "127.0.0.1:8443", "state_dir", "/s"));
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8443);
        assertThat(c.stateDir()).isEqualTo(Path.of("/s"));
        assertThat(c.tls()).isFalse();
        assertThat(c.scheme()).isEqualTo("http");
        assertThat(ApiConfig.of(Map.of("listen", "[::1]:9000")).host()).isEqualTo("::1");
    }

    @Test
    void aBadListenValueSaysWhatToWrite() {
        assertThatThrownBy(() -> ApiConfig.of(Map.of("listen", "8443"))).hasMessageContaining("e.g. 127.0.0.1:8443");
        assertThatThrownBy(() -> ApiConfig.of(Map.of("listen", "h:70000"))).hasMessageContaining("from 1 to 65535");
    }

    @Test
    void tlsNeedsBothFiles() {
        ApiConfig c = ApiConfig.of(Map.of("listen", "h:1", "tls.cert", "/c.pem", "tls.key", "/k.pem"));
        assertThat(c.tls()).isTrue();
        assertThat(c.scheme()).isEqualTo("https");
        assertThat(JettyProperties.on(c, Path.of("/ks.p12"), "pw")).containsEntry("org.apache.felix.https.enable", true)
                .containsEntry("org.apache.felix.http.enable", false).containsEntry("org.osgi.service.http.port.secure", 1)
                .containsEntry("org.apache.felix.https.keystore", "/ks.p12");
    }

    @Test
    void offMeansNoConnectorAtAll() {
        assertThat(JettyProperties.off()).containsEntry("org.apache.felix.http.enable", false).containsEntry("org.apache.felix.https.enable", false);
        assertThat(JettyProperties.on(ApiConfig.of(Map.of("listen", "127.0.0.1:8080")), null, null))
                .containsEntry("org.apache.felix.http.enable", true).containsEntry("org.osgi.service.http.port", 8080)
                .containsEntry("org.apache.felix.http.host", "127.0.0.1");
    }
}
