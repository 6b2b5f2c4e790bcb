package nexcage.core.internal.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Reads {@code runtime.api} of config.yaml: {@code listen} as for metrics, and {@code tls.cert} with {@code tls.key}. */
final class ApiSection {
    static final Set<String> KEYS = Set.of("listen", "tls");
    private static final Set<String> TLS_KEYS = Set.of("cert", "key");

    private ApiSection() {
    }

    static ApiSettings read(Path file, Node node) throws ConfigException {
        Node.MapNode m = ConfigDocument.section(file, node, "runtime.api", KEYS);
        if (m == null) {
            return ApiSettings.DEFAULTS;
        }
        Node listen = m.entries().get("listen");
        String address = null;
        if (listen != null && !(listen instanceof Node.Scalar s && s.value() == null)) {
            address = ConfigDocument.string(file, listen, "runtime.api.listen").trim();
            String why = MetricsSettings.listenError(address);
            if (why != null) {
                String said = listen instanceof Node.Scalar s && s.fromEnv() ? "(" + Secrets.MASK + ") must be HOST:PORT, e.g. 127.0.0.1:8443"
                        : "'" + address + "' " + why.replace("9464", "8443");
                throw new ConfigException(file, listen.line(), listen.column(), "runtime.api.listen " + said);
            }
        }
        Node tls = m.entries().get("tls");
        Node.MapNode t = tls == null ? null : ConfigDocument.section(file, tls, "runtime.api.tls", TLS_KEYS);
        if (t == null) {
            return new ApiSettings(address, null, null);
        }
        Path cert = path(file, t.entries(), "cert");
        Path key = path(file, t.entries(), "key");
        if ((cert == null) != (key == null)) {
            throw new ConfigException(file, tls.line(), tls.column(),
                    "runtime.api.tls needs both cert (a PEM certificate chain) and key (its PEM private key), or neither");
        }
        return new ApiSettings(address, cert, key);
    }

    private static Path path(Path file, Map<String, Node> e, String key) throws ConfigException {
        Node n = e.get(key);
        if (n == null || n instanceof Node.Scalar s && s.value() == null) {
            return null;
        }
        Path p = Path.of(ConfigDocument.string(file, n, "runtime.api.tls." + key));
        Path dir = file.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
    }
}
