package nexcage.http.internal.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The API's settings as the core hands them over (configuration PID {@code nexcage.http}):
 * {@code listen} ({@code HOST:PORT}, {@code [v6]:PORT}; absent when off), {@code tls.cert} and
 * {@code tls.key} (PEM files, both or neither) and {@code state_dir} (where the token is kept).
 */
public record ApiConfig(String listen, String host, int port, Path tlsCert, Path tlsKey, Path stateDir) {

    /** The settings, or null when the API is off (no {@code listen}). A malformed listen value is an IllegalArgumentException naming it. */
    public static ApiConfig of(Map<String, ?> props) {
        Object listen = props.get("listen");
        if (listen == null || listen.toString().isBlank()) {
            return null;
        }
        String value = listen.toString().trim();
        int colon = value.lastIndexOf(':');
        int port = colon <= 0 ? -1 : portOf(value.substring(colon + 1));
        if (port < 1) {
            throw new IllegalArgumentException("runtime.api.listen '" + value + "' is not HOST:PORT with a port from 1 to 65535; write e.g. 127.0.0.1:8443");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        Object state = props.get("state_dir");
        return new ApiConfig(value, host, port, path(props.get("tls.cert")), path(props.get("tls.key")),
                Path.of(state == null ? System.getProperty("java.io.tmpdir") : state.toString()));
    }

    private static int portOf(String s) {
        try {
            int p = Integer.parseInt(s);
            return p <= 65535 ? p : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Path path(Object v) {
        return v == null || v.toString().isBlank() ? null : Path.of(v.toString());
    }

    public boolean tls() {
        return tlsCert != null && tlsKey != null;
    }

    public String scheme() {
        return tls() ? "https" : "http";
    }
}
