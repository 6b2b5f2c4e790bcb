package nexcage.backend.docker;

import nexcage.api.backend.ContainerBackend;
import nexcage.plugintest.backend.BackendConformance;

/** The conformance cases every backend passes, on the real engine with the busybox test image. */
class DockerConformanceTest extends BackendConformance {

    @Override
    protected ContainerBackend backend() {
        return RealEngine.backend();
    }

    @Override
    protected String image() {
        return RealEngine.IMAGE;
    }
}
