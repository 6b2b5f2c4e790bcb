package nexcage.launcher;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootLayoutTest {
    @TempDir
    Path dir;

    private void jar(String name, String entry, byte[] bytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve(name)); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry(entry));
            jar.write(bytes);
            jar.closeEntry();
        }
    }

    @Test
    void identicalCopiesOfAClassOnTheClassPathPass() throws IOException {
        jar("util.jar", "aQute/lib/io/IO.class", new byte[] {1, 2, 3});
        jar("bndlib.jar", "aQute/lib/io/IO.class", new byte[] {1, 2, 3});

        assertThatCode(() -> BootLayout.checkSplitClasses(dir, List.of("util.jar", "bndlib.jar"))).doesNotThrowAnyException();
    }

    @Test
    void differentClassesOfOneNameFailTheLayoutNamingBothJars() throws IOException {
        jar("core.jar", "org/apache/felix/utils/manifest/Parser.class", new byte[] {1});
        jar("hooks.jar", "org/apache/felix/utils/manifest/Parser.class", new byte[] {2});

        assertThatThrownBy(() -> BootLayout.checkSplitClasses(dir, List.of("core.jar", "hooks.jar")))
                .hasMessageContaining("org/apache/felix/utils/manifest/Parser.class (core.jar, hooks.jar)");
    }
}
