package nexcage.backend.oci;

/** The backend's own cases on crun (overlay root file systems). */
class CrunRuntimeTest extends RealRuntimeTests {
    @Override
    String runtime() {
        return OciRuntime.CRUN;
    }
}
