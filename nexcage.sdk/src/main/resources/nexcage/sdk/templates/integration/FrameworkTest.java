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

            // NexCage connects an integration on its own thread: wait (bounded) until it says connected
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String list = nexcage.run("integration", "list").out();
            while (!list.contains("connected") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                list = nexcage.run("integration", "list").out();
            }
            assertThat(list).contains("{{name}}").contains("connected");
            CommandResult sent = nexcage.run("integration", "send", "{{name}}", "{\"ping\":1}");
            assertThat(sent.exitCode()).as(sent.toString()).isZero();
            assertThat(sent.out()).contains("\"ping\"");
            assertThat(nexcage.health(plugin)).isEqualTo("healthy");
        }
    }
}
