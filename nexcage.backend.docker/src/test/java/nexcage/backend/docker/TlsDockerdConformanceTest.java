package nexcage.backend.docker;

import org.junit.jupiter.api.AfterAll;

import nexcage.api.backend.ContainerBackend;
import nexcage.plugintest.backend.BackendConformance;

/** The conformance cases every backend passes, on a second dockerd on 127.0.0.1 over verified TLS, through a backend instance. */
class TlsDockerdConformanceTest extends BackendConformance {
    private static DockerInstance backend;

    @Override
    protected synchronized ContainerBackend backend() {
        if (backend == null) {
            try {
                backend = TestEngines.tlsInstance();
            } catch (Exception e) {
                throw new AssertionError("the engine of TlsDockerdConformanceTest did not start: " + e.getMessage(), e);
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
