package nexcage.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;

/**
 * Where the fixture plugins of a two-mode e2e test run (issue 17): the in-process tests of hooks,
 * commands and configuration run once with their plugins in the daemon and once, through a
 * subclass, with them sandboxed by config.yaml ({@code plugins.NAME.sandbox: process}), with the
 * same assertions. A case whose expectation differs by mode says so where it asks
 * {@link #sandboxed()}.
 */
public enum PluginPlacement {
    IN_DAEMON("none"), SANDBOXED("process");

    /** What {@code plugin list --json} shows as the plugin's {@code sandbox}. */
    public final String sandbox;

    PluginPlacement(String sandbox) {
        this.sandbox = sandbox;
    }

    public boolean sandboxed() {
        return this == SANDBOXED;
    }

    /** Fails (never skips) a sandboxed run on a host that cannot sandbox; nothing in the daemon. */
    public void requireHost() {
        if (sandboxed()) {
            SandboxEndToEndTest.requireHost();
        }
    }

    /** The line under {@code plugins.NAME} that puts the plugin here; none in the daemon, the default. */
    public String sandboxLine() {
        return sandboxed() ? "    sandbox: process\n" : "";
    }

    /** A config.yaml that places these plugins and sets nothing else (empty in the daemon). */
    public String config(String... plugins) {
        if (!sandboxed()) {
            return "";
        }
        StringBuilder yaml = new StringBuilder("plugins:\n");
        for (String p : plugins) {
            yaml.append("  ").append(p).append(":\n").append(sandboxLine());
        }
        return yaml.toString();
    }

    /** Asserts each plugin runs where this placement says, so a sandboxed run can never pass in the daemon. */
    public void assertRunsHere(Nexcage nx, String... plugins) {
        JsonNode list = nx.list();
        for (String p : plugins) {
            JsonNode entry = Nexcage.plugin(list, p).orElseThrow(() -> new AssertionError("no plugin " + p + " in " + list));
            assertThat(entry.get("sandbox").asText()).as("where %s runs: %s", p, entry).isEqualTo(sandbox);
            assertThat(entry.get("pid").isNull()).as("%s's child pid: %s", p, entry).isEqualTo(!sandboxed());
        }
    }
}
