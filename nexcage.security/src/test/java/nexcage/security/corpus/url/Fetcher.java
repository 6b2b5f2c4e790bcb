package nexcage.security.corpus.url;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

/** network_client: reads a URL. */
public class Fetcher {
    public byte[] fetch(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }
}
