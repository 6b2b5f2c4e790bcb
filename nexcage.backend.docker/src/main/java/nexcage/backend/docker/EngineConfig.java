package nexcage.backend.docker;

import java.net.URI;

import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.core.SSLConfig;

/**
 * docker-java's client configuration, made by hand: the host and the API version are given, and
 * nothing is read from {@code ~/.docker}, {@code ~/.docker-java.properties} or system properties
 * (unlike docker-java's default builder). No registry credentials: this backend never pulls.
 */
final class EngineConfig implements DockerClientConfig {
    private final URI host;
    private final RemoteApiVersion apiVersion;

    EngineConfig(URI host, RemoteApiVersion apiVersion) {
        this.host = host;
        this.apiVersion = apiVersion;
    }

    @Override
    public URI getDockerHost() {
        return host;
    }

    @Override
    public RemoteApiVersion getApiVersion() {
        return apiVersion;
    }

    @Override
    public String getRegistryUsername() {
        return null;
    }

    @Override
    public String getRegistryPassword() {
        return null;
    }

    @Override
    public String getRegistryEmail() {
        return null;
    }

    @Override
    public String getRegistryUrl() {
        return null;
    }

    @Override
    public AuthConfig effectiveAuthConfig(String imageName) {
        return null;
    }

    @Override
    public AuthConfigurations getAuthConfigurations() {
        return new AuthConfigurations();
    }

    @Override
    public SSLConfig getSSLConfig() {
        return null;
    }
}
