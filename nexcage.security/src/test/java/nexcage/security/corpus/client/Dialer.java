package nexcage.security.corpus.client;

import java.io.IOException;
import java.net.Socket;

/** network_client: opens a socket. */
public class Dialer {
    public void connect(String host, int port) throws IOException {
        try (Socket s = new Socket(host, port)) {
            s.getOutputStream().write(1);
        }
    }
}
