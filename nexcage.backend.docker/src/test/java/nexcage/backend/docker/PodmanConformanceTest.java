package nexcage.backend.docker;

import java.nio.file.Files;
import java.nio.file.Path;

/** The conformance cases on Podman's service (4.3.1) on a socket of its own, through a backend instance. */
class PodmanConformanceTest extends InstanceConformance {
    @Override
    protected TestEngines.Maker maker() {
        return TestEngines::podmanInstance;
    }

    /**
     * Podman's API runs {@code --init} containers under catatonit, which exits 1 when it cannot exec
     * the command (Docker's tini exits 127); where catatonit is missing the test service bind-mounts
     * Docker's docker-init in its place, which gives 127.
     */
    @Override
    protected int missingCommandExitCode() {
        return Files.isExecutable(Path.of("/usr/libexec/podman/catatonit")) ? 1 : 127;
    }
}
