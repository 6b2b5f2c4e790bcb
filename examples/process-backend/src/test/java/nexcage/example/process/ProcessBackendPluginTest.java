package nexcage.example.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import nexcage.plugintest.CommandResult;
import nexcage.plugintest.NexCageRuntime;

/** The plugin as NexCage runs it: installed in a real framework with NexCage's core, driven as nexcage would. */
class ProcessBackendPluginTest {

    @Test
    void runsAContainerThroughTheCoreAndReportsItsHealth() throws Exception {
        try (NexCageRuntime nexcage = NexCageRuntime.start()) {
            String name = nexcage.installBuiltPlugin();
            assertThat(name).isEqualTo("process-backend");
            assertThat(nexcage.run("backend", "list").out()).containsPattern("process +process-backend +healthy");

            CommandResult run = nexcage.run("run", "--rm", "--backend", "process", "--name", "t1", "none", "echo", "hi");
            assertThat(run.out()).isEqualTo("hi\n");
            assertThat(run.exitCode()).isZero();
            assertThat(nexcage.run("run", "--backend", "process", "--name", "t2", "none", "no-such-command").exitCode())
                    .as("a command that is not there, as docker run says it").isEqualTo(127);
            assertThat(nexcage.run("list", "--all").out()).contains("t2").doesNotContain("t1");
            assertThat(nexcage.health(name)).isEqualTo("healthy");
        }
    }
}
