package {{package}};

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import nexcage.plugintest.CommandResult;
import nexcage.plugintest.NexCageRuntime;

/** The plugin in a real Felix framework with NexCage's core: its integration is connected and answers. */
class {{className}}FrameworkTest {

    @Test
    void isConnectedAndAnswersThroughNexCage() throws Exception {
        try (NexCageRuntime nexcage = NexCageRuntime.start()) {
            String plugin = nexcage.installBuiltPlugin();

            // NexCage connects an integration on its own thread: wait (bounded) until its row says connected
            nexcage.runUntil(r -> r.outLines().stream()
                    .anyMatch(l -> l.startsWith("{{name}} ") && l.matches(".*\\bconnected\\b.*")), "integration", "list");
            CommandResult sent = nexcage.run("integration", "send", "{{name}}", "{\"ping\":1}");
            assertThat(sent.exitCode()).as(sent.toString()).isZero();
            assertThat(sent.out()).contains("\"ping\"");
            assertThat(nexcage.health(plugin)).isEqualTo("healthy");
        }
    }
}
