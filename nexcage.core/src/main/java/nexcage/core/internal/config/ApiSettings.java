package nexcage.core.internal.config;

import java.nio.file.Path;

/**
 * {@code runtime.api} (DESIGN §7): where the daemon serves its HTTP API ({@code HOST:PORT}, null
 * when off) and, for HTTPS, the PEM certificate chain and PKCS#8 private key (both or neither;
 * relative paths are taken from the config file's folder).
 */
public record ApiSettings(String listen, Path tlsCert, Path tlsKey) {

    public static final ApiSettings DEFAULTS = new ApiSettings(null, null, null);

    public boolean tls() {
        return tlsCert != null;
    }
}
