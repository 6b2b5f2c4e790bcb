package nexcage.backend.docker;

import org.junit.jupiter.api.AfterAll;

import nexcage.api.backend.ContainerBackend;
import nexcage.plugintest.backend.BackendConformance;

/**
 * The conformance cases every backend passes, on a backend instance on an engine of
 * {@link TestEngines}; one instance per subclass, made at its first case and closed after its last.
 */
abstract class InstanceConformance extends BackendConformance {
    private static DockerInstance backend;
    private static Class<?> of;

    /** Makes the instance under test. */
    protected abstract TestEngines.Maker maker();

    @Override
    protected synchronized ContainerBackend backend() {
        if (backend == null || of != getClass()) {
            try {
                backend = maker().make();
                of = getClass();
            } catch (Exception e) {
                throw new AssertionError("the engine of " + getClass().getSimpleName() + " did not start: " + e.getMessage(), e);
            }
        }
        return backend;
    }

    @Override
    protected String image() {
        return TestEngines.IMAGE;
    }

    @AfterAll
    static synchronized void close() {
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }
}
