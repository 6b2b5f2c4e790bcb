package nexcage.http.internal.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Binds the address for a moment before Jetty is told to, so a taken port is one clear line of
 * ours rather than Jetty's stack trace (another process may still take it in between: Jetty's own
 * error then says so).
 */
public final class PortProbe {

    private PortProbe() {
    }

    /** Null when the address can be bound now, else why not. */
    public static String problem(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return null;
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
