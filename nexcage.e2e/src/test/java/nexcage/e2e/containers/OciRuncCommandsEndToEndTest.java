package nexcage.e2e.containers;

/** The oci backend's cases with the backend set to runc ({@code plugins.oci.config.runtime: runc}). */
class OciRuncCommandsEndToEndTest extends OciCommandsEndToEndTest {
    @Override
    protected String runtime() {
        return "runc";
    }
}
