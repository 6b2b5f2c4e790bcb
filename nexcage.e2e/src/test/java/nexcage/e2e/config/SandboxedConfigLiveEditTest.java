package nexcage.e2e.config;

import nexcage.e2e.sandbox.PluginPlacement;

/**
 * {@link ConfigLiveEditTest}'s cases with hello in a sandboxed child process (issue 17): its typed
 * configuration, live edits, refusals and masked secrets cross the bridge, and no secret reaches
 * a log from the child either.
 */
class SandboxedConfigLiveEditTest extends ConfigLiveEditTest {
    @Override
    PluginPlacement placement() {
        return PluginPlacement.SANDBOXED;
    }
}
