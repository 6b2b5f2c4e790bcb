package org.example.myplugin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import nexcage.plugintest.NexCageRuntime;

/** The plugin in a real Felix framework with NexCage's core, called as {@code nexcage my-plugin} would be. */
class MyPluginCommandFrameworkTest {

    @Test
    void answersAsANexCageCommand() throws Exception {
        try (NexCageRuntime nexcage = NexCageRuntime.start()) {
            String plugin = nexcage.installBuiltPlugin();

            assertThat(plugin).isEqualTo("my-plugin");
            assertThat(nexcage.run("my-plugin", "hi").out()).isEqualTo("my-plugin: hi\n");
            assertThat(nexcage.health(plugin)).isEqualTo("healthy");
        }
    }
}
