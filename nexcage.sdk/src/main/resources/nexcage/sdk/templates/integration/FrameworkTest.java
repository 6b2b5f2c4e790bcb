package {{package}};

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

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
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!connected(nexcage) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(connected(nexcage)).as(nexcage.run("integration", "list").out()).isTrue();
            CommandResult sent = nexcage.run("integration", "send", "{{name}}", "{\"ping\":1}");
            assertThat(sent.exitCode()).as(sent.toString()).isZero();
            assertThat(sent.out()).contains("\"ping\"");
            assertThat(nexcage.health(plugin)).isEqualTo("healthy");
        }
    }

    private static boolean connected(NexCageRuntime nexcage) {
        return nexcage.run("integration", "list").outLines().stream()
                .anyMatch(l -> l.startsWith("{{name}} ") && l.matches(".*\\bconnected\\b.*"));
    }
}
