package nexcage.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * cnf/plugin-template is exactly what {@code nexcage plugin new my-plugin} writes, with the
 * repository taken relative to the checkout, so it builds on its own after the reactor's build and
 * cannot drift from the generator. To refresh it after a template change, build, then in cnf/:
 * {@code rm -r plugin-template && java -Dnexcage.sdk.repository='file://${project.basedir}/../../target/sdk/repository'
 * -jar ../target/sdk/plugin-new.jar my-plugin --dir plugin-template}.
 */
class PluginTemplateTest {
    static final String TEMPLATE_REPOSITORY = "file://${project.basedir}/../../target/sdk/repository";

    @Test
    void isWhatPluginNewWrites() throws IOException {
        Path template = Path.of(System.getProperty("nexcage.root"), "cnf", "plugin-template");
        Map<String, String> expected = new TreeMap<>(ProjectFiles.of("my-plugin", PluginType.COMMAND,
                new SdkSettings(SdkSettings.buildVersion(), TEMPLATE_REPOSITORY)));
        Map<String, String> actual = new TreeMap<>();
        try (Stream<Path> all = Files.walk(template)) {
            for (Path p : all.filter(Files::isRegularFile).filter(p -> !template.relativize(p).startsWith("target")).toList()) {
                actual.put(template.relativize(p).toString(), Files.readString(p));
            }
        }
        assertThat(actual).as("cnf/plugin-template is not what plugin new writes; refresh it as this class's comment says")
                .isEqualTo(expected);
    }
}
