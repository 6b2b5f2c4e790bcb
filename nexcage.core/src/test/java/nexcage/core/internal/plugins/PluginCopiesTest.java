package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21, defect 8: copies in $NEXCAGE_STATE/plugins that back nothing are deleted. */
class PluginCopiesTest {
    @TempDir
    Path copies;

    @Test
    void copiesThatBackNoInstalledPluginAndNoCheckAreDeleted() throws IOException {
        Path installed = Files.writeString(copies.resolve("hello-1.1.0.jar"), "x");
        Path oldVersion = Files.writeString(copies.resolve("hello-1.0.0.jar"), "x");
        Path removed = Files.writeString(copies.resolve("gone-1.0.0.jar"), "x");
        Path checked = Files.writeString(copies.resolve(".checked-aa.jar"), "x");
        Path rejectedBomb = Files.writeString(copies.resolve(".checked-bb.jar"), "x");
        Path inFlight = Files.writeString(copies.resolve(".incoming-1.tmp"), "x");
        List<String> warnings = new ArrayList<>();

        int n = PluginCopies.prune(copies, () -> Set.of(installed, checked), false, warnings::add);

        assertThat(n).isEqualTo(3);
        assertThat(oldVersion).doesNotExist();
        assertThat(removed).doesNotExist();
        assertThat(rejectedBomb).doesNotExist();
        assertThat(installed).exists();
        assertThat(checked).exists();
        assertThat(inFlight).as("a check may still be writing it").exists();
        assertThat(warnings).isEmpty();

        assertThat(PluginCopies.prune(copies, () -> Set.of(installed), true, warnings::add)).isEqualTo(2);
        assertThat(inFlight).as("at start no check runs").doesNotExist();
    }

    @Test
    void nothingIsPrunedWhileACheckIsUnderWay() throws IOException {
        Path beingChecked = Files.writeString(copies.resolve(".checked-cc.jar"), "x");
        assertThat(PluginCopies.prune(copies, () -> null, false, m -> {
        })).isZero();
        assertThat(beingChecked).exists();
    }

    @Test
    void aMissingDirectoryIsNothingToPrune() {
        assertThat(PluginCopies.prune(copies.resolve("none"), Set::of, true, m -> {
        })).isZero();
    }
}
