package nexcage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daemon's launch (DESIGN §9): by default the runtime's own bundles are connected from the class
 * path the build laid out in target/runtime/boot (Apache Felix Atomos), so the framework cache holds a
 * copy of the plugins only; {@code NEXCAGE_LAUNCH=bnd} starts runtime.jar with bnd's launcher, which
 * copies every runtime bundle into it. Plugins are real bundles either way.
 */
class AtomosLaunchTest {
    private Nexcage nx;

    @BeforeEach
    void create() throws IOException {
        nx = Nexcage.withHello("nxatomos");
    }

    @AfterEach
    void stop() {
        if (nx != null && nx.alive()) {
            nx.stop();
        }
    }

    @Test
    void theRuntimeBundlesComeFromTheClassPathAndOnlyPluginsAreCopiedIntoTheFrameworkCache() throws Exception {
        nx.start();
        assertThat(commandLine()).endsWith(" -jar " + Nexcage.ROOT.resolve("target/runtime/boot/nexcage-boot.jar") + " ");
        assertThat(nx.run("hello", "World").out()).isEqualTo("Hello, World!\n");
        // docker, hello, lxc and oci: the plugins are ordinary bundles with their content in the cache
        assertThat(bundleJarsInTheCache()).isEqualTo(4);
        assertThat(nx.shell("lb")).contains("NexCage core").contains("NexCage example: hello");
    }

    @Test
    void nexcageLaunchBndStartsTheRuntimeJarAsBefore() throws Exception {
        nx.daemonEnv("NEXCAGE_LAUNCH", "bnd");
        nx.start();
        assertThat(commandLine()).endsWith(" -jar " + Nexcage.RUNTIME_JAR + " ");
        assertThat(nx.run("hello", "World").out()).isEqualTo("Hello, World!\n");
        assertThat(bundleJarsInTheCache()).as("every runtime bundle copied, and the plugins").isGreaterThan(30);
    }

    private String commandLine() throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(nx.pid()), "cmdline"))).replace('\0', ' ');
    }

    /** Felix keeps an installed bundle's content as bundle.jar in its revision directory; a connected bundle has none. */
    private long bundleJarsInTheCache() throws IOException {
        try (Stream<Path> all = Files.walk(nx.state.resolve("framework"))) {
            return all.filter(p -> p.getFileName().toString().equals("bundle.jar")).count();
        }
    }
}
