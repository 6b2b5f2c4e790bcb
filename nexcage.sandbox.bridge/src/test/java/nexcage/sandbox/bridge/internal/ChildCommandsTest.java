package nexcage.sandbox.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.sandbox.bridge.ChildCommand;

class ChildCommandsTest {
    @TempDir
    Path dir;

    private Path jar(String name, String resources) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        if (resources != null) {
            m.getMainAttributes().putValue("NexCage-Resources", resources);
        }
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p); JarOutputStream j = new JarOutputStream(out, m)) {
            // a manifest only
        }
        return p;
    }

    private ChildRuntime runtime() throws IOException {
        return new ChildRuntime(Path.of("/usr/bin/java"), List.of(jar("felix.jar", null), jar("api.jar", null)),
                List.of(jar("scr.jar", null)));
    }

    @Test
    void aSmallJvmWithTheHeapThePluginAsksForAndItsOwnCacheAndArchive() throws IOException {
        Path plugin = jar("p.nexcage-plugin", "max_memory_mb=96;timeout_seconds=10");
        ChildRuntime rt = runtime();
        ChildCommand c = ChildCommands.of(rt, "p", plugin, dir.resolve("s.sock"), dir.resolve("data"), dir.resolve("tmp"),
                dir.resolve("cache"));
        assertThat(c.argv()).startsWith("/usr/bin/java").contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx96m",
                "-Djava.io.tmpdir=" + dir.resolve("tmp"), "nexcage.sandbox.child.ChildMain", "--plugin", "p");
        String cp = c.argv().get(c.argv().indexOf("-cp") + 1);
        assertThat(cp).isEqualTo(dir.resolve("felix.jar") + ":" + dir.resolve("api.jar"));
        Path cache = c.writablePaths().get(0);
        assertThat(cache.getParent()).isEqualTo(dir.resolve("cache"));
        assertThat(cache.getFileName().toString()).startsWith("p-");
        assertThat(c.writablePaths()).contains(dir.resolve("data"), dir.resolve("tmp"));
        assertThat(c.readOnlyPaths()).contains(plugin, dir.resolve("scr.jar"));
        if (Runtime.version().feature() < 19) {
            assertThat(c.argv()).contains("-XX:ArchiveClassesAtExit=" + cache.resolve("child.jsa"));
            Files.createFile(cache.resolve("child.jsa"));
            ChildCommand again = ChildCommands.of(rt, "p", plugin, dir.resolve("s.sock"), dir.resolve("data"),
                    dir.resolve("tmp"), dir.resolve("cache"));
            assertThat(again.argv()).contains("-XX:SharedArchiveFile=" + cache.resolve("child.jsa"))
                    .noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit"));
        }
    }

    @Test
    void aSmallMemoryLimitStillGetsTheHeapFelixNeeds() throws IOException {
        ChildCommand c = ChildCommands.of(runtime(), "p", jar("p.jar", "max_memory_mb=8"), dir.resolve("s"), dir, dir, dir.resolve("c"));
        assertThat(c.argv()).contains("-Xmx" + ChildCommands.MIN_HEAP_MB + "m");
    }

    @Test
    void anotherPluginJarGetsAnotherCache() throws IOException {
        ChildRuntime rt = runtime();
        String a = ChildCommands.digest(jar("a.jar", "max_memory_mb=1"), rt);
        String b = ChildCommands.digest(jar("b.jar", "max_memory_mb=2"), rt);
        assertThat(a).isNotEqualTo(b).hasSize(16);
    }
}
