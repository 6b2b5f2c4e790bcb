package nexcage.e2e.containers;

import java.nio.file.Path;

import nexcage.testkit.engines.StartedEngine;
import nexcage.testkit.engines.TlsDockerd;

/**
 * The backend cases through ./nexcage on a Docker backend instance named remote (config.yaml's
 * plugins.docker.instances.remote with host tcp://127.0.0.1:PORT and tls ca, cert, key) on a
 * second dockerd this test starts, listening on 127.0.0.1 with TLS verified on both sides.
 */
class TlsDockerdCommandsEndToEndTest extends InstanceCommandsEndToEnd {
    @Override
    protected String backendName() {
        return "remote";
    }

    @Override
    protected StartedEngine start(Path dir) throws Exception {
        return TlsDockerd.start(dir);
    }

    @Override
    protected String moreSettings(StartedEngine e) {
        TlsDockerd t = (TlsDockerd) e;
        return "        tls: {ca: " + t.ca() + ", cert: " + t.cert() + ", key: " + t.key() + "}\n";
    }
}
