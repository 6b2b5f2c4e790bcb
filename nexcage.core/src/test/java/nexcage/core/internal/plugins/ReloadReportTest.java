package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import nexcage.api.PluginMetadata;

/** What {@code plugin reload} with no name prints, from the records before and after its scan. */
class ReloadReportTest {

    private static PluginRecord active(String name, String version, String file, String sha) {
        PluginMetadata m = PluginReconcilerTest.metadata(name, version, null);
        return new PluginRecord(name, version, file, m, 7, PluginState.ACTIVE, null, true, PluginHealth.UNKNOWN, null, null, false, -1,
                Path.of("/plugins", file), sha, null);
    }

    @Test
    void nothingChangedSaysNothing() {
        List<PluginRecord> same = List.of(active("hello", "1.0.0", "hello.jar", "a"));
        assertThat(ReloadReport.lines(same, same)).isEmpty();
    }

    @Test
    void aChangedFileIsReportedWithBothVersionsAndTheOutcome() {
        assertThat(ReloadReport.lines(List.of(active("hello", "1.0.0", "hello.jar", "a")), List.of(active("hello", "1.1.0", "hello.jar", "b"))))
                .containsExactly("plugin hello reloaded from hello.jar: 1.0.0 -> 1.1.0 (active)");
        assertThat(ReloadReport.lines(List.of(active("hello", "1.0.0", "hello.jar", "a")), List.of(active("hello", "1.0.0", "hello.jar", "b")
                .withFailure("start failed: boom")))).containsExactly("plugin hello reloaded from hello.jar: 1.0.0 (failed: start failed: boom)");
    }

    @Test
    void newRemovedAndRejectedFilesAreReported() {
        List<PluginRecord> before = List.of(active("old", "1.0.0", "old.jar", "a"));
        List<PluginRecord> after = List.of(active("new", "2.0.0", "new.jar", "b"),
                PluginRecord.rejected("junk.jar", "", "junk.jar", "is not a zip file; a plugin is a bundle JAR, rebuild it", null));
        assertThat(ReloadReport.lines(before, after)).containsExactly("plugin new 2.0.0 installed from new.jar (active)",
                "plugin old uninstalled: its file old.jar is gone",
                "file junk.jar rejected: is not a zip file; a plugin is a bundle JAR, rebuild it");
    }

    @Test
    void aDryRunSaysWhatWouldBeDoneAndLeavesRejectionsOut() {
        PluginRecord hello = active("hello", "1.1.0", "hello.jar", "b");
        PluginFileChecker.Checked newer = new PluginFileChecker.Checked(Path.of("/plugins/hello.jar"), hello.metadata(), "hello", "1.1.0",
                List.of(), List.of(), null, "b", false);
        assertThat(ReloadReport.plan(List.of(new PluginReconciler.Update("hello", newer),
                new PluginReconciler.Uninstall("old", "its file old.jar was removed"),
                new PluginReconciler.Reject(Path.of("/plugins/junk.jar"), "junk.jar", "", "is not a zip file"))).out())
                .containsExactly("would reload plugin hello from hello.jar (version 1.1.0)", "would uninstall plugin old: its file old.jar was removed");
        assertThat(ReloadReport.plan(List.of()).out()).containsExactly("no plugin file changed since the last scan; nothing would be reloaded");
    }
}
