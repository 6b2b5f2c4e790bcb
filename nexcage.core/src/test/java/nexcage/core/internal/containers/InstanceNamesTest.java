package nexcage.core.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** An instance may not take the name of another plugin's backend (the registry would ignore it). */
class InstanceNamesTest {
    private final InstanceNames names = new InstanceNames(new MapBackends(new FakeBackend("oci"), new FakeBackend("docker")));

    @Test
    void anInstanceNamedAsAnotherPluginsBackendIsRefused() {
        assertThat(names.check("docker", Map.of("instances.oci.host", "unix:///x")))
                .isEqualTo("instance oci has the name of a backend of plugin oci; give the instance another name under instances");
    }

    @Test
    void itsOwnBackendsAndNewNamesPass() {
        // MapBackends: each backend is its own plugin's, so "docker" is the docker plugin's own (its instance, or its default it checks itself)
        assertThat(names.check("docker", Map.of("instances.docker.host", "unix:///x", "host", "unix:///y"))).isNull();
        assertThat(names.check("docker", Map.of("instances.podman.host", "unix:///x", "instances", "x", "instances.", "y"))).isNull();
    }
}
