package nexcage.plugintest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class RuntimeBundlesTest {

    @Test
    void listsTheBundlesOfRuntimeBndrun() throws Exception {
        String bndrun = Files.readString(Path.of(System.getProperty("nexcage.runtime.bndrun")));
        String runbundles = bndrun.substring(bndrun.indexOf("-runbundles:"));
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("^\\s*([\\w.-]+);version=", Pattern.MULTILINE).matcher(runbundles);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(RuntimeBundles.SYMBOLIC_NAMES).containsExactlyElementsOf(names);
    }

    @Test
    void findsEveryRuntimeBundleAmongTheKitsDependencies() {
        List<Path> jars = RuntimeBundles.onClassPath(getClass().getClassLoader());
        assertThat(jars).hasSize(RuntimeBundles.SYMBOLIC_NAMES.size()).allMatch(Files::isRegularFile);
    }
}
