package nexcage.core.internal.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nexcage.core.admin.SandboxRunner;
import nexcage.core.internal.plugins.PluginRecord;
import nexcage.core.internal.plugins.PluginRegistry;

/**
 * Where a plugin runs, as {@code plugin list} and {@code plugin info} show it (DESIGN §8):
 * {@code sandbox} ({@code none} or {@code process}: its bundle is the stub of a sandboxed plugin),
 * the child's {@code pid}, and what its sandbox could not apply on this host.
 */
final class SandboxFields {
    private SandboxFields() {
    }

    static boolean sandboxed(PluginRegistry registry, PluginRecord v) {
        return v.metadata() != null && registry.bundle(v.name()).map(b -> b.getHeaders("").get(SandboxRunner.STUB_HEADER) != null).orElse(false);
    }

    /** {@code sandbox} and {@code pid} (null when no child runs). */
    static Map<String, Object> summary(PluginRegistry registry, SandboxRunner runner, PluginRecord v) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean sandboxed = sandboxed(registry, v);
        SandboxRunner.Status st = sandboxed && runner != null ? runner.status(v.name()) : null;
        m.put("sandbox", sandboxed ? "process" : "none");
        m.put("pid", st == null || st.pid() < 0 ? null : st.pid());
        return m;
    }

    /** The details {@code plugin info} adds for a sandboxed plugin: what was not applied, its restarts, its cgroup's figures. */
    static Map<String, Object> details(PluginRegistry registry, SandboxRunner runner, PluginRecord v) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!sandboxed(registry, v)) {
            return m;
        }
        SandboxRunner.Status st = runner == null ? null : runner.status(v.name());
        List<String> notApplied = runner == null ? List.of("everything (the sandbox bundle nexcage.sandbox is not running)")
                : st != null ? st.notApplied() : runner.missingOnHost();
        m.put("sandbox_not_applied", notApplied);
        m.put("sandbox_restarts", st == null ? 0 : st.restarts());
        m.put("memory_bytes", st == null || st.memoryBytes() < 0 ? null : st.memoryBytes());
        return m;
    }
}
