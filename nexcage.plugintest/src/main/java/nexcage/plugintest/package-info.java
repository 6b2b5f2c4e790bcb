/**
 * The test kit for NexCage plugin authors: a plugin's own JUnit test runs the plugin in a real
 * Felix framework with NexCage's core (the runtime's bundles, as {@code nexcage daemon} runs them),
 * calls its commands, fires hooks at its handlers and asserts its health, in a few lines:
 *
 * <pre>{@code
 * try (NexCageRuntime nexcage = NexCageRuntime.start()) {
 *     String name = nexcage.installBuiltPlugin();          // target/classes, packed as a plugin file
 *     assertThat(nexcage.run(name, "World").out()).contains("World");
 *     assertThat(nexcage.health(name)).isIn("healthy", "unknown");
 *     assertThat(nexcage.fireHook("container.pre_create", Map.of("image", "bad")).vetoed()).isTrue();
 *     assertThat(nexcage.run("backend", "list").out()).contains("my-backend");
 * }
 * }</pre>
 *
 * <p>Add one test dependency, {@code org.nexcage:nexcage.plugintest} (the same version as
 * {@code nexcage.api}): its dependencies are the runtime's bundles and the framework, which the kit
 * finds on the test class path. The plugin under test is the project's own {@code target/classes}
 * with the manifest bnd wrote (bnd-maven-plugin runs before the tests), so the test runs within
 * {@code mvn package}, before the plugin file exists.
 */
@Version("1.0.0")
@Export
package nexcage.plugintest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
