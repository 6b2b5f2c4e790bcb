package nexcage.plugintest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The kit as an author uses it, on the hello example: a real framework with NexCage's core. */
class NexCageRuntimeTest {

    @Test
    void runsAPluginsCommandHooksAndHealthInARealFramework() throws Exception {
        try (NexCageRuntime nexcage = NexCageRuntime.start()) {
            String name = nexcage.install(Path.of(System.getProperty("nexcage.hello.plugin")));

            assertThat(name).isEqualTo("hello");
            assertThat(nexcage.state("hello")).isEqualTo("active");
            assertThat(nexcage.run("hello", "World").out()).isEqualTo("Hello, World!\n");
            assertThat(nexcage.run("nosuchcommand").exitCode()).isNotZero();
            assertThat(nexcage.health("hello")).isEqualTo("healthy");
            HookOutcome h = nexcage.fireHook("container.pre_create", Map.of("image", "busybox"));
            assertThat(h.hook()).isEqualTo("container.pre_create");
            assertThat(h.vetoed()).isFalse();
            assertThat(nexcage.state("nosuch")).isNull();
            assertThat(nexcage.configure("plugins:\n  hello:\n    config:\n      greeting: Hi\n").ok()).isTrue();
            assertThat(nexcage.runUntil(r -> r.out().startsWith("Hi"), "hello", "Ada").out()).isEqualTo("Hi, Ada!\n");
        }
    }
}
