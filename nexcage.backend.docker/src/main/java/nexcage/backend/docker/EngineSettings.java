package nexcage.backend.docker;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where one backend's engine is and how to reach it: {@code host} ({@code unix:///PATH} or
 * {@code tcp://HOST:PORT}, as {@code DOCKER_HOST} is written) and, for {@code tcp}, optional TLS
 * files {@code tls.ca}, {@code tls.cert}, {@code tls.key} (the names of a Docker context's
 * {@code ca}, {@code cert}, {@code key}). Read from the plugin's configuration (the default
 * {@code docker} backend) and from each factory configuration {@code nexcage.plugin.docker.instance~NAME}
 * (config.yaml's {@code plugins.docker.instances.NAME}). Every refusal is one sentence naming the
 * setting, the reason and the fix.
 */
record EngineSettings(URI host, EngineTls tls) {

    static final String HOST = "host";
    static final Set<String> TLS_KEYS = Set.of("tls.ca", "tls.cert", "tls.key");
    /** What the core shows the plugin's checkConfig of its instances: {@code instances.NAME.KEY}. */
    static final String INSTANCES = "instances.";

    /**
     * The settings of {@code values}; a missing host is {@code defaultHost} (null: required).
     * {@code prefix} names the section in messages, e.g. {@code instances.remote.}.
     */
    static EngineSettings of(Map<String, ?> values, String defaultHost, String prefix) {
        Object given = values.get(HOST);
        if (given == null || given.toString().isBlank()) {
            if (defaultHost == null) {
                throw new IllegalArgumentException(prefix + "host is missing; give the engine's address, e.g. "
                        + "unix:///run/podman/podman.sock or tcp://10.0.0.5:2376");
            }
            given = defaultHost;
        }
        URI host = host(given.toString().strip(), prefix);
        Path ca = path(values, "tls.ca", prefix);
        Path cert = path(values, "tls.cert", prefix);
        Path key = path(values, "tls.key", prefix);
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException(prefix + "tls.cert and " + prefix + "tls.key go together; give both (the client's "
                    + "certificate and its key) or neither");
        }
        boolean tls = ca != null || cert != null;
        if (tls && !"tcp".equals(host.getScheme())) {
            throw new IllegalArgumentException(prefix + "tls is set but " + prefix + "host " + host + " is not a tcp:// address; "
                    + "TLS is for engines reached over TCP, so remove tls or give a tcp://HOST:PORT host");
        }
        return new EngineSettings(host, tls ? new EngineTls(ca, cert, key, prefix + "tls") : null);
    }

    private static URI host(String text, String prefix) {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(prefix + "host '" + text + "' is not a URL (" + e.getReason()
                    + "); write unix:///PATH/TO/SOCKET or tcp://HOST:PORT");
        }
        if ("unix".equals(u.getScheme()) && u.getPath() != null && u.getPath().startsWith("/") && u.getAuthority() == null) {
            return u;
        }
        if ("tcp".equals(u.getScheme()) && u.getHost() != null && u.getPort() > 0 && (u.getPath() == null || u.getPath().isEmpty())) {
            return u;
        }
        throw new IllegalArgumentException(prefix + "host '" + text + "' is not an engine address; write unix:///PATH/TO/SOCKET "
                + "(e.g. unix:///run/podman/podman.sock) or tcp://HOST:PORT (e.g. tcp://10.0.0.5:2376)");
    }

    private static Path path(Map<String, ?> values, String key, String prefix) {
        Object v = values.get(key);
        if (v == null || v.toString().isBlank()) {
            return null;
        }
        Path p = Path.of(v.toString().strip());
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException(prefix + key + " '" + v + "' is a relative path; give the file's absolute path");
        }
        return p;
    }

    /**
     * Checks the plugin's whole configuration as the core shows it (DESIGN §7): its own
     * {@code host} and {@code tls.*}, and each instance's values under {@code instances.NAME.}: the
     * name must not be the default backend's, and an instance has only {@code host} and {@code tls.*}.
     */
    static void check(Map<String, Object> config, String defaultName, String defaultHost) {
        Map<String, Map<String, Object>> instances = new LinkedHashMap<>();
        Map<String, Object> own = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : config.entrySet()) {
            int dot = e.getKey().indexOf('.', INSTANCES.length());
            if (e.getKey().startsWith(INSTANCES) && dot > 0) {
                instances.computeIfAbsent(e.getKey().substring(INSTANCES.length(), dot), k -> new LinkedHashMap<>())
                        .put(e.getKey().substring(dot + 1), e.getValue());
            } else {
                own.put(e.getKey(), e.getValue());
            }
        }
        of(own, defaultHost, "");
        for (Map.Entry<String, Map<String, Object>> i : instances.entrySet()) {
            String prefix = INSTANCES + i.getKey() + ".";
            if (i.getKey().equals(defaultName)) {
                throw new IllegalArgumentException(prefix.substring(0, prefix.length() - 1) + ": " + defaultName
                        + " is the name of the plugin's default backend (its engine is plugins.docker.config.host); give the instance another name");
            }
            Set<String> unknown = new TreeSet<>(i.getValue().keySet());
            unknown.remove(HOST);
            unknown.removeAll(TLS_KEYS);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(prefix + unknown.iterator().next() + " is not an instance setting; the settings are "
                        + "host, tls.ca, tls.cert and tls.key");
            }
            of(i.getValue(), null, prefix);
        }
    }
}
