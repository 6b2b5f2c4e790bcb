package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What {@code plugin list} adds while the plugins present at start are still being taken in. */
class BootListingTest {
    private static PluginRecord record(String name, String file) {
        return new PluginRecord(name, "1.0.0", file, PluginReconcilerTest.metadata(name, "1.0.0", null), 7, PluginState.STARTING, null,
                true, PluginHealth.UNKNOWN, null, null, false, -1, Path.of("/plugins", file), "a", null);
    }

    @Test
    void filesNoRecordNamesYetArePendingInTheirOrder() {
        List<Path> files = List.of(Path.of("/system/docker-0.8.0.nexcage-plugin"), Path.of("/home/plugins/hello-1.0.0.nexcage-plugin"),
                Path.of("/home/plugins/zz.jar"));
        assertThat(BootListing.pendingFiles(files, List.of(record("docker", "docker-0.8.0.nexcage-plugin"))))
                .containsExactly("hello-1.0.0.nexcage-plugin", "zz.jar");
    }

    @Test
    void aRejectedFileOrABundleTakenOverWithoutItsFileIsNotListedTwice() {
        PluginRecord rejected = PluginRecord.rejected("bad", "1.0.0", "bad.jar", "not signed", null);
        PluginRecord adopted = new PluginRecord("old", "1.0.0", null, null, 9, PluginState.RESOLVED, null, true, PluginHealth.UNKNOWN, null,
                null, false, -1, null, null, null);
        assertThat(BootListing.pendingFiles(List.of(Path.of("/p/bad.jar"), Path.of("/p/old.jar")), List.of(rejected, adopted)))
                .containsExactly("old.jar");
    }

    @Test
    void nothingIsPendingOnceEveryFileHasItsRecord() {
        assertThat(BootListing.pendingFiles(List.of(Path.of("/p/a.jar")), List.of(record("a", "a.jar")))).isEmpty();
        assertThat(BootListing.pendingFiles(List.of(), List.of())).isEmpty();
    }
}
