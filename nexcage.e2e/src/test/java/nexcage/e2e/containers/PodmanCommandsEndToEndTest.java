package nexcage.e2e.containers;

import java.nio.file.Path;

import nexcage.testkit.engines.PodmanService;
import nexcage.testkit.engines.StartedEngine;

/**
 * The backend cases through ./nexcage on a Docker backend instance named podman (config.yaml's
 * plugins.docker.instances.podman) on Podman's service, which this test starts on its own socket.
 */
class PodmanCommandsEndToEndTest extends InstanceCommandsEndToEnd {
    @Override
    protected String backendName() {
        return "podman";
    }

    @Override
    protected StartedEngine start(Path dir) throws Exception {
        return PodmanService.start(dir);
    }
}
