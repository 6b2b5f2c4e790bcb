package nexcage.backend.lxc;

import nexcage.api.backend.ContainerBackend;
import nexcage.plugintest.backend.BackendConformance;

/**
 * The conformance cases every backend passes, on real LXC with the busybox test image. Every case
 * runs: the lxc backend supports exec (lxc-attach), logs (the command's stdout and stderr are kept
 * in two files), autoRemove (lxc.ephemeral) and network none (lxc.net.0.type = empty), so none of
 * the supports methods is overridden.
 */
class LxcConformanceTest extends BackendConformance {

    @Override
    protected ContainerBackend backend() {
        return RealLxc.backend();
    }

    @Override
    protected String image() {
        return RealLxc.IMAGE;
    }
}
