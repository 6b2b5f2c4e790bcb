package nexcage.e2e.containers;

import nexcage.e2e.Nexcage;
import nexcage.testkit.engines.PodmanService;

/**
 * The backend cases through ./nexcage on a Docker backend instance named podman (config.yaml's
 * plugins.docker.instances.podman) on Podman's service, which this test starts on its own socket.
 */
class PodmanCommandsEndToEndTest extends BackendCommandsEndToEnd {
    private PodmanService podman;

    @Override
    protected String backendName() {
        return "podman";
    }

    /** Started when the daemon's config.yaml is first written, which names its socket. */
    private PodmanService podman() {
        if (podman == null) {
            try {
                podman = PodmanService.start(shortTempDir("nxpodman"));
            } catch (Exception e) {
                throw new AssertionError("Podman's service did not start: " + e.getMessage(), e);
            }
        }
        return podman;
    }

    @Override
    protected String configYaml() {
        return super.configYaml() + "plugins:\n  docker:\n    instances:\n      podman:\n        host: " + podman().host() + "\n";
    }

    @Override
    protected String prepareImage(Nexcage nx) throws Exception {
        podman().importBusybox(Engine.IMAGE);
        return Engine.IMAGE;
    }

    @Override
    protected void afterDaemonStop(Nexcage nx) throws Exception {
        if (podman != null) {
            podman.close();
        }
    }
}
