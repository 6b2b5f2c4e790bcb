package nexcage.security.corpus.server;

import java.io.IOException;
import java.net.ServerSocket;

/** network_server: listens. */
public class Listener {
    public int listen() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
