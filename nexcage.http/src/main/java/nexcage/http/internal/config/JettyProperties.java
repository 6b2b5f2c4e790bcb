package nexcage.http.internal.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration of Felix HTTP Jetty (PID {@value #PID}) for the API's settings: one connector,
 * plain HTTP or HTTPS from the keystore, on the listen address; with the API off, both disabled,
 * so Jetty opens no port at all (never its default 8080).
 */
public final class JettyProperties {
    public static final String PID = "org.apache.felix.http";

    private JettyProperties() {
    }

    public static Map<String, Object> off() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("org.apache.felix.http.enable", false);
        p.put("org.apache.felix.https.enable", false);
        return p;
    }

    /** {@code keystore} and {@code password} are used only with TLS. */
    public static Map<String, Object> on(ApiConfig c, Path keystore, String password) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("org.apache.felix.http.host", c.host());
        p.put("org.apache.felix.http.enable", !c.tls());
        p.put("org.apache.felix.https.enable", c.tls());
        p.put(c.tls() ? "org.osgi.service.http.port.secure" : "org.osgi.service.http.port", c.port());
        if (c.tls()) {
            p.put("org.apache.felix.https.keystore", keystore.toString());
            p.put("org.apache.felix.https.keystore.type", "PKCS12");
            p.put("org.apache.felix.https.keystore.password", password);
            p.put("org.apache.felix.https.keystore.key.password", password);
        }
        p.put("org.apache.felix.http.jetty.sendServerHeader", false);
        // the API's requests are small JSON documents
        p.put("org.apache.felix.http.jetty.requestSizeLimit", 1024 * 1024L);
        return p;
    }
}
