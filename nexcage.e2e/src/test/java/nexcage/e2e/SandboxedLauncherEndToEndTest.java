package nexcage.e2e;

import nexcage.e2e.sandbox.PluginPlacement;

/**
 * {@link LauncherEndToEndTest}'s cases with hello in a sandboxed child process (issue 17): its
 * command, usage errors, log and debug commands, 48 clients at once, and the daemon's stops with a
 * child running.
 */
class SandboxedLauncherEndToEndTest extends LauncherEndToEndTest {
    @Override
    PluginPlacement placement() {
        return PluginPlacement.SANDBOXED;
    }
}
