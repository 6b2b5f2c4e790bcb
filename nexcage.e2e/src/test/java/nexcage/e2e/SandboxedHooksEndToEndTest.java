package nexcage.e2e;

import nexcage.e2e.sandbox.PluginPlacement;

/** {@link HooksEndToEndTest}'s cases with hello and audit-hooks each in a sandboxed child process (issue 17). */
class SandboxedHooksEndToEndTest extends HooksEndToEndTest {
    @Override
    PluginPlacement placement() {
        return PluginPlacement.SANDBOXED;
    }
}
