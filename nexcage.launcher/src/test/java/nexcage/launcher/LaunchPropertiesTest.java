package nexcage.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class LaunchPropertiesTest {
    // as bnd's export writes them from runtime.bndrun (quoted versions, escaped = and :)
    private static final String PROPERTIES = """
            launch.bundles=jar/biz.aQute.bnd.util-7.3.0.jar,jar/nexcage.core-0.8.0.jar,jar/plain.jar
            launch.runbundles.attrs=biz.aQute.bnd.util;version\\="7.3.0.202606021345";startlevel\\=10,\
            nexcage.core;version\\="0.8.0";startlevel\\=12,plain;version\\="1.0.0"
            launch.keep=false
            launch.system.packages=jdk.net,org.osgi.framework.connect;uses\\:\\="org.osgi.framework,org.osgi.framework.launch";version\\="1.0"
            org.osgi.framework.startlevel.beginning=30
            """;

    private static LaunchProperties read(String text) throws IOException {
        return LaunchProperties.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void readsTheRunBundlesInOrderWithTheirStartLevels() throws IOException {
        LaunchProperties p = read(PROPERTIES);

        assertThat(p.bundles()).containsExactly(
                new LaunchProperties.RunBundle("biz.aQute.bnd.util-7.3.0.jar", "biz.aQute.bnd.util", "7.3.0.202606021345", 10),
                new LaunchProperties.RunBundle("nexcage.core-0.8.0.jar", "nexcage.core", "0.8.0", 12),
                new LaunchProperties.RunBundle("plain.jar", "plain", "1.0.0", 0));
        assertThat(p.keep()).isFalse();
        assertThat(p.all()).containsEntry("org.osgi.framework.startlevel.beginning", "30");
    }

    @Test
    void splitsClausesOnlyAtCommasOutsideQuotes() {
        assertThat(LaunchProperties.split("a;uses:=\"x,y\";version=1, b ,,c"))
                .containsExactly("a;uses:=\"x,y\";version=1", "b", "c");
    }

    @Test
    void aSystemPropertyOverridesALaunchPropertyAndNamesTheStorage() throws IOException {
        Properties system = new Properties();
        system.setProperty("org.osgi.framework.startlevel.beginning", "40");
        system.setProperty("launch.storage.dir", "/state/framework");
        system.setProperty("unrelated", "x");

        LaunchProperties p = read(PROPERTIES).withSystemOverrides(system);

        assertThat(p.all()).containsEntry("org.osgi.framework.startlevel.beginning", "40").doesNotContainKey("unrelated");
        assertThat(p.storage()).isEqualTo(Path.of("/state/framework"));
    }

    @Test
    void refusesListsOfDifferentLengths() {
        assertThatThrownBy(() -> read("launch.bundles=jar/a.jar,jar/b.jar\nlaunch.runbundles.attrs=a;version\\=\"1\"\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("rebuild NexCage");
    }
}
