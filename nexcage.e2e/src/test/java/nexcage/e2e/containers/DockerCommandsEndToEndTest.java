package nexcage.e2e.containers;

import nexcage.e2e.Nexcage;

/** The backend cases on the Docker backend and the machine's engine, with the busybox test image. */
class DockerCommandsEndToEndTest extends BackendCommandsEndToEnd {

    @Override
    protected String backendName() {
        return "docker";
    }

    @Override
    protected String prepareImage(Nexcage nx) throws Exception {
        Engine.require();
        return Engine.IMAGE;
    }

    @Override
    protected void afterDaemonStop(Nexcage nx) throws Exception {
        Engine.removeAll(prefix);
        // what a failed image case left
        for (String image : Engine.docker("images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=" + prefix + "/*")
                .out().split("\\s+")) {
            if (!image.isBlank()) {
                Engine.docker("rmi", "-f", image);
            }
        }
    }
}
