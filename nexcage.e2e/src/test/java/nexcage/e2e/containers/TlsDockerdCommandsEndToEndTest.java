package nexcage.e2e.containers;

import nexcage.e2e.Nexcage;
import nexcage.testkit.engines.TlsDockerd;

/**
 * The backend cases through ./nexcage on a Docker backend instance named remote (config.yaml's
 * plugins.docker.instances.remote with host tcp://127.0.0.1:PORT and tls ca, cert, key) on a
 * second dockerd this test starts, listening on 127.0.0.1 with TLS verified on both sides.
 */
class TlsDockerdCommandsEndToEndTest extends BackendCommandsEndToEnd {
    private TlsDockerd engine;

    @Override
    protected String backendName() {
        return "remote";
    }

    /** Started when the daemon's config.yaml is first written, which names its port and certificates. */
    private TlsDockerd engine() {
        if (engine == null) {
            try {
                engine = TlsDockerd.start(shortTempDir("nxtls"));
            } catch (Exception e) {
                throw new AssertionError("the TLS dockerd did not start: " + e.getMessage(), e);
            }
        }
        return engine;
    }

    @Override
    protected String configYaml() {
        TlsDockerd e = engine();
        return super.configYaml() + "plugins:\n  docker:\n    instances:\n      remote:\n        host: " + e.host() + "\n"
                + "        tls: {ca: " + e.ca() + ", cert: " + e.cert() + ", key: " + e.key() + "}\n";
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
