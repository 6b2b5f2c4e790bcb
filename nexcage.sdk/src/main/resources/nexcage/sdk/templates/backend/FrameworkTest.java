package {{package}};

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import nexcage.plugintest.CommandResult;
import nexcage.plugintest.NexCageRuntime;

/** The plugin in a real Felix framework with NexCage's core: its backend serves containers. */
class {{className}}FrameworkTest {

    @Test
    void servesContainersThroughNexCage() throws Exception {
        try (NexCageRuntime nexcage = NexCageRuntime.start()) {
            String plugin = nexcage.installBuiltPlugin();

            assertThat(nexcage.run("backend", "list").out()).contains("{{name}}");
            CommandResult run = nexcage.run("run", "-d", "--name", "t1", "--backend", "{{name}}", "some-image");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(nexcage.run("list").out()).contains("t1");
            assertThat(nexcage.run("delete", "-f", "t1").exitCode()).isZero();
            assertThat(nexcage.health(plugin)).isEqualTo("healthy");
        }
    }
}
