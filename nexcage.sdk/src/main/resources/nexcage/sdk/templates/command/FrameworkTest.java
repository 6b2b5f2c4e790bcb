package {{package}};

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import nexcage.plugintest.NexCageRuntime;

/** The plugin in a real Felix framework with NexCage's core, called as {@code nexcage {{name}}} would be. */
class {{className}}FrameworkTest {

    @Test
    void answersAsANexCageCommand() throws Exception {
        try (NexCageRuntime nexcage = NexCageRuntime.start()) {
            String plugin = nexcage.installBuiltPlugin();

            assertThat(plugin).isEqualTo("{{name}}");
            assertThat(nexcage.run("{{name}}", "hi").out()).isEqualTo("{{name}}: hi\n");
            assertThat(nexcage.health(plugin)).isEqualTo("healthy");
        }
    }
}
