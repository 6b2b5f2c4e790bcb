package nexcage.plugintest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginFilesTest {

    @TempDir
    Path tmp;

    @Test
    void packsTheClassesWithBndsManifestUnderTheNameAndVersionItGives() throws IOException {
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes.resolve("META-INF"));
        Files.createDirectories(classes.resolve("org/example"));
        Files.writeString(classes.resolve("META-INF/MANIFEST.MF"),
                "Manifest-Version: 1.0\nBundle-SymbolicName: x\nBundle-Version: 1.2.3\nNexCage-Plugin-Name: greet\n");
        Files.writeString(classes.resolve("org/example/A.class"), "bytes");

        Path file = PluginFiles.fromClasses(classes, tmp.resolve("out"));

        assertThat(file.getFileName()).hasToString("greet-1.2.3.nexcage-plugin");
        try (JarFile jar = new JarFile(file.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("NexCage-Plugin-Name")).isEqualTo("greet");
            assertThat(jar.getEntry("org/example/A.class")).isNotNull();
        }
        assertThat(PluginFiles.pluginName(file)).isEqualTo("greet");
    }

    @Test
    void saysWhatIsMissingWithoutBndsManifest() {
        assertThatThrownBy(() -> PluginFiles.fromClasses(tmp, tmp.resolve("out")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("bnd-maven-plugin");
    }
}
