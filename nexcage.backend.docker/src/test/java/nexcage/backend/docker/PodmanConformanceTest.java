package nexcage.backend.docker;

/** The conformance cases on Podman's service (4.3.1) on a socket of its own, through a backend instance. */
class PodmanConformanceTest extends InstanceConformance {
    @Override
    protected TestEngines.Maker maker() {
        return TestEngines::podmanInstance;
    }
}
