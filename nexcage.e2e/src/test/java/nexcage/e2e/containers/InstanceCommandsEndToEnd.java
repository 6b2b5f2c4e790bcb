package nexcage.e2e.containers;

import java.nio.file.Path;

import nexcage.e2e.Nexcage;
import nexcage.testkit.engines.StartedEngine;

/**
 * The backend cases on a Docker backend instance (config.yaml's plugins.docker.instances.NAME)
 * on an engine the subclass starts; the engine is started when config.yaml is first written
 * (which names its address) and stopped after the daemon.
 */
abstract class InstanceCommandsEndToEnd extends BackendCommandsEndToEnd {
    private StartedEngine engine;

    /** Starts the engine in {@code dir}. */
    protected abstract StartedEngine start(Path dir) throws Exception;

    /** The instance's settings after {@code host}, each line indented by 8 spaces (e.g. tls). */
    protected String moreSettings(StartedEngine e) {
        return "";
    }

    private StartedEngine engine() {
        if (engine == null) {
            try {
                engine = start(shortTempDir("nxeng"));
            } catch (Exception e) {
                throw new AssertionError("the engine of " + getClass().getSimpleName() + " did not start: " + e.getMessage(), e);
            }
        }
        return engine;
    }

    @Override
    protected String configYaml() {
        StartedEngine e = engine();
        return super.configYaml() + "plugins:\n  docker:\n    instances:\n      " + backendName() + ":\n        host: " + e.host() + "\n"
                + moreSettings(e);
    }

    @Override
    protected String prepareImage(Nexcage nx) throws Exception {
        engine().importBusybox(Engine.IMAGE);
        return Engine.IMAGE;
    }

    @Override
    protected void afterDaemonStop(Nexcage nx) throws Exception {
        if (engine != null) {
            engine.close();
        }
    }
}
