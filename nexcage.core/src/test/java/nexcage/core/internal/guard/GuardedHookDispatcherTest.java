package nexcage.core.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nexcage.api.hooks.HookDispatcher;
import nexcage.api.hooks.HookResult;
import nexcage.core.internal.testing.RecordingAccounting;
import nexcage.security.admin.Violation;
import nexcage.security.admin.Violations;

class GuardedHookDispatcherTest {
    private final List<String> fired = new ArrayList<>();
    private final List<String> recorded = new ArrayList<>();
    private final RecordingAccounting accounting = new RecordingAccounting();

    private final HookDispatcher real = (hook, source, metadata) -> {
        fired.add(hook + " from " + source);
        return null;
    };

    private final Violations violations = new Violations() {
        @Override
        public Violation record(String plugin, String capability, String operation, String detail) {
            recorded.add(plugin + " " + capability + " " + operation + " " + detail);
            return null;
        }

        @Override
        public List<Violation> list(String plugin) {
            return List.of();
        }
    };

    @Test
    void aPluginFiresItsOwnHooksUnderItsOwnName() {
        HookResult r = new GuardedHookDispatcher(FakeGuard.plugin("p"), real, violations, accounting).fire("p.event", "core", Map.of());
        assertThat(r).isNull();
        assertThat(fired).containsExactly("p.event from p");
        assertThat(recorded).isEmpty();
    }

    @Test
    void aPluginMayNotFireTheRuntimesHooksAndTryingIsAViolation() {
        GuardedHookDispatcher d = new GuardedHookDispatcher(FakeGuard.plugin("p"), real, violations, accounting);
        for (String hook : List.of("container.pre_create", "system.startup", "cli.pre_command", "security.violation")) {
            assertThatThrownBy(() -> d.fire(hook, "core", Map.of())).isInstanceOf(SecurityException.class)
                    .hasMessageStartingWith("plugin p may not fire " + hook + ": hooks under");
        }
        assertThat(fired).isEmpty();
        assertThat(recorded).containsExactly("p null hooks.fire container.pre_create", "p null hooks.fire system.startup",
                "p null hooks.fire cli.pre_command", "p null hooks.fire security.violation");
    }
}
