package nexcage.backend.docker;

/** The conformance cases on a second dockerd on 127.0.0.1 over verified TLS, through a backend instance. */
class TlsDockerdConformanceTest extends InstanceConformance {
    @Override
    protected TestEngines.Maker maker() {
        return TestEngines::tlsInstance;
    }
}
