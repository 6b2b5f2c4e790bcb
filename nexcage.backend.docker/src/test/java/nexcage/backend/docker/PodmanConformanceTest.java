package nexcage.backend.docker;

import org.junit.jupiter.api.AfterAll;

import nexcage.api.backend.ContainerBackend;
import nexcage.plugintest.backend.BackendConformance;

/** The conformance cases every backend passes, on Podman's service (4.3.1) on a socket of its own, through a backend instance. */
class PodmanConformanceTest extends BackendConformance {
    private static DockerInstance backend;

    @Override
    protected synchronized ContainerBackend backend() {
        if (backend == null) {
            try {
                backend = TestEngines.podmanInstance();
            } catch (Exception e) {
                throw new AssertionError("the engine of PodmanConformanceTest did not start: " + e.getMessage(), e);
            }
        }
        return backend;
    }

    @Override
    protected String image() {
        return TestEngines.IMAGE;
    }

    @AfterAll
    static void close() {
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }
}
