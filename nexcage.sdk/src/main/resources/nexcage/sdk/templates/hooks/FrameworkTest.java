package {{package}};

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import nexcage.plugintest.HookOutcome;
import nexcage.plugintest.NexCageRuntime;

/** The plugin in a real Felix framework with NexCage's core: the core's dispatcher calls its handler. */
class {{className}}FrameworkTest {

    @Test
    void handlesTheHookInNexCage() throws Exception {
        try (NexCageRuntime nexcage = NexCageRuntime.start()) {
            String plugin = nexcage.installBuiltPlugin();

            assertThat(nexcage.run("hooks", "list").out()).contains("{{name}}");
            HookOutcome vetoed = nexcage.fireHook("container.pre_create", Map.of("image", "forbidden/app"));
            assertThat(vetoed.vetoed()).isTrue();
            assertThat(vetoed.vetoedBy()).isEqualTo("{{name}}");
            HookOutcome passed = nexcage.fireHook("container.pre_create", Map.of("image", "busybox"));
            assertThat(passed.vetoed()).isFalse();
            assertThat(passed.metadata()).containsEntry("{{name}}.checked", "true");
            assertThat(nexcage.health(plugin)).isEqualTo("healthy");
        }
    }
}
