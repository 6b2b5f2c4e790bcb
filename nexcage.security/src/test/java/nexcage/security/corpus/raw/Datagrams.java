package nexcage.security.corpus.raw;

import java.net.DatagramSocket;
import java.net.SocketException;

/** network_raw: a datagram socket. */
public class Datagrams {
    public void open() throws SocketException {
        new DatagramSocket().close();
    }
}
