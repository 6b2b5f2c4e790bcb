package nexcage.backend.oci;

/** The backend's own cases on runc, with copied root file systems (the other mode). */
class RuncRuntimeTest extends RealRuntimeTests {
    @Override
    String runtime() {
        return OciRuntime.RUNC;
    }

    @Override
    String rootfsMode() {
        return RootFs.COPY;
    }
}
