package nexcage.metrics.internal;

import java.net.InetSocketAddress;

/** {@code runtime.metrics.listen}: {@code HOST:PORT} ({@code [v6]:PORT} for IPv6). */
final class ListenAddress {

    private ListenAddress() {
    }

    static InetSocketAddress parse(String listen) {
        int colon = listen.lastIndexOf(':');
        if (colon <= 0 || colon == listen.length() - 1) {
            throw new IllegalArgumentException("runtime.metrics.listen '" + listen + "' is not HOST:PORT; write e.g. 127.0.0.1:9464");
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("runtime.metrics.listen '" + listen + "' has no port from 0 to 65535; write e.g. 127.0.0.1:9464");
        }
        return new InetSocketAddress(host, port);
    }
}
