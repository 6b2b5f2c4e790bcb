package nexcage.core.internal.config;

/**
 * {@code runtime.metrics} (DESIGN §7): how often the monitoring extensions are polled, in seconds,
 * and where the daemon serves {@code /metrics}, {@code /livez} and {@code /readyz} ({@code HOST:PORT},
 * null when off).
 */
public record MetricsSettings(long intervalSeconds, String listen) {

    public static final long DEFAULT_INTERVAL = 15;
    public static final long MIN_INTERVAL = 1;
    public static final long MAX_INTERVAL = 3600;

    public static final MetricsSettings DEFAULTS = new MetricsSettings(DEFAULT_INTERVAL, null);

    /** {@code HOST:PORT} split, for a listen value that {@link #listenError} accepted. */
    public record Address(String host, int port) {
    }

    /** The host and port of {@link #listen()}, or null when off. */
    public Address address() {
        return listen == null ? null : address(listen);
    }

    static Address address(String listen) {
        int colon = listen.lastIndexOf(':');
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Address(host, Integer.parseInt(listen.substring(colon + 1)));
    }

    /**
     * Why {@code value} is not a {@code HOST:PORT} (a name or an address, an IPv6 one in brackets,
     * and a port of 1..65535), or null when it is one. Only the form is checked: whether the port is
     * free shows when the server binds it.
     */
    static String listenError(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            return "must be HOST:PORT, e.g. 127.0.0.1:9464";
        }
        String host = value.substring(0, colon);
        boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
        if (!bracketed && (host.contains(":") || !host.matches("[A-Za-z0-9.\\-_]+"))) {
            return "has the host '" + host + "', which is neither a host name nor an address (an IPv6 one goes in brackets, e.g. [::1]:9464)";
        }
        String port = value.substring(colon + 1);
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            return "has the port '" + port + "'; a port is a number from 1 to 65535";
        }
        return null;
    }
}
