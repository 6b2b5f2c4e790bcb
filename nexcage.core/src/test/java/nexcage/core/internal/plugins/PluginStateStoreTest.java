package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plugins.NAME.enabled in config.yaml against plugin enable/disable: the newer fact wins, a file
 * flag counts as a fact only when it changed, and all of it survives a restart.
 */
class PluginStateStoreTest {
    @TempDir
    Path state;

    @Test
    void withoutAnyFactAPluginIsEnabled() throws Exception {
        PluginStateStore s = new PluginStateStore(state);
        assertThat(s.isEnabled("hello")).isTrue();
        assertThat(s.pluginsWithFileFlag()).isEmpty();
        assertThat(state.resolve("plugin-flags.properties")).doesNotExist();
    }

    @Test
    void theFileFlagDecidesAtFirst() throws Exception {
        PluginStateStore s = new PluginStateStore(state);
        assertThat(s.recordFileFlag("hello", false)).isTrue();
        assertThat(s.isEnabled("hello")).isFalse();
        assertThat(s.recordFileFlag("other", true)).isTrue();
        assertThat(s.isEnabled("other")).isTrue();
        assertThat(s.pluginsWithFileFlag()).containsExactly("hello", "other");
    }

    @Test
    void noEnabledKeyIsNoFact() throws Exception {
        PluginStateStore s = new PluginStateStore(state);
        assertThat(s.recordFileFlag("hello", null)).isFalse();
        assertThat(s.isEnabled("hello")).isTrue();
        s.setEnabled("hello", false);
        assertThat(s.recordFileFlag("hello", null)).isFalse();
        assertThat(s.isEnabled("hello")).isFalse();
    }

    @Test
    void aCommandIsNewerThanTheFileFlagBeforeIt() throws Exception {
        PluginStateStore s = new PluginStateStore(state);
        s.recordFileFlag("hello", false);
        s.setEnabled("hello", true);
        assertThat(s.isEnabled("hello")).isTrue();
        s.setEnabled("hello", false);
        assertThat(s.isEnabled("hello")).isFalse();
    }

    @Test
    void anUnchangedFileFlagDoesNotOverruleALaterCommand() throws Exception {
        PluginStateStore s = new PluginStateStore(state);
        s.recordFileFlag("hello", false);
        s.setEnabled("hello", true);
        // every re-read of an unchanged file records the same flag again: not a new fact
        for (int i = 0; i < 3; i++) {
            assertThat(s.recordFileFlag("hello", false)).isFalse();
            assertThat(s.isEnabled("hello")).isTrue();
        }
    }

    @Test
    void aChangedFileFlagIsNewerThanTheCommandBeforeIt() throws Exception {
        PluginStateStore s = new PluginStateStore(state);
        s.recordFileFlag("hello", true);
        s.setEnabled("hello", false);
        assertThat(s.isEnabled("hello")).isFalse();
        // the file still says true: the command stands
        assertThat(s.recordFileFlag("hello", true)).isFalse();
        assertThat(s.isEnabled("hello")).isFalse();
        // the user edits the flag: false (agrees), then true again (wins)
        assertThat(s.recordFileFlag("hello", false)).isTrue();
        assertThat(s.isEnabled("hello")).isFalse();
        assertThat(s.recordFileFlag("hello", true)).isTrue();
        assertThat(s.isEnabled("hello")).isTrue();
    }

    @Test
    void removingTheFlagFromTheFileIsAChangeThatEnables() throws Exception {
        PluginStateStore s = new PluginStateStore(state);
        s.recordFileFlag("hello", false);
        assertThat(s.recordFileFlag("hello", null)).isTrue();
        assertThat(s.isEnabled("hello")).isTrue();
        // and writing the same flag back later is a change again
        assertThat(s.recordFileFlag("hello", false)).isTrue();
        assertThat(s.isEnabled("hello")).isFalse();
    }

    @Test
    void pluginsAreIndependentEvenWithDottedNames() throws Exception {
        PluginStateStore s = new PluginStateStore(state);
        s.recordFileFlag("a", false);
        s.setEnabled("a.cli", false);
        s.recordFileFlag("a.file", true);
        s.setEnabled("a.file.at", false);
        s.setEnabled("seq", false);
        assertThat(s.isEnabled("a")).isFalse();
        assertThat(s.isEnabled("a.cli")).isFalse();
        assertThat(s.isEnabled("a.file")).isTrue();
        assertThat(s.isEnabled("a.file.at")).isFalse();
        assertThat(s.isEnabled("seq")).isFalse();
        assertThat(s.isEnabled("b")).isTrue();
        assertThat(s.pluginsWithFileFlag()).containsExactly("a", "a.file");
        s.setEnabled("a", true);
        assertThat(s.isEnabled("a")).isTrue();
        assertThat(s.isEnabled("a.file")).isTrue();
        assertThat(s.isEnabled("a.cli")).isFalse();
    }

    @Test
    void everythingSurvivesAReloadFromDisk() throws Exception {
        PluginStateStore first = new PluginStateStore(state);
        first.recordFileFlag("hello", false);
        first.setEnabled("hello", true);
        first.recordFileFlag("quiet", false);
        first.setEnabled("other", false);

        // the daemon restarts with the file unchanged: the command still wins
        PluginStateStore second = new PluginStateStore(state);
        assertThat(second.isEnabled("hello")).isTrue();
        assertThat(second.isEnabled("quiet")).isFalse();
        assertThat(second.isEnabled("other")).isFalse();
        assertThat(second.pluginsWithFileFlag()).containsExactly("hello", "quiet");
        assertThat(second.recordFileFlag("hello", false)).as("the recorded flag is remembered").isFalse();
        assertThat(second.isEnabled("hello")).isTrue();

        // a fact after the restart is newer than every fact before it
        assertThat(second.recordFileFlag("hello", true)).isTrue();
        assertThat(second.recordFileFlag("hello", false)).isTrue();
        assertThat(second.isEnabled("hello")).isFalse();
        second.setEnabled("quiet", true);

        PluginStateStore third = new PluginStateStore(state);
        assertThat(third.isEnabled("hello")).isFalse();
        assertThat(third.isEnabled("quiet")).isTrue();
        third.setEnabled("hello", true);
        assertThat(new PluginStateStore(state).isEnabled("hello")).isTrue();
    }

    @Test
    void theReasonTheCoreDisabledAPluginSurvivesARestartUntilItIsEnabledAgain() throws Exception {
        PluginStateStore first = new PluginStateStore(state);
        first.setEnabled("noisy", false, "disabled after 101 capability violations");
        first.setEnabled("quiet", false);
        assertThat(first.disabledReason("quiet")).as("a person's own choice has no reason").isNull();

        PluginStateStore second = new PluginStateStore(state);
        assertThat(second.isEnabled("noisy")).isFalse();
        assertThat(second.disabledReason("noisy")).isEqualTo("disabled after 101 capability violations");
        second.setEnabled("noisy", true);
        assertThat(new PluginStateStore(state).disabledReason("noisy")).isNull();

        second.setEnabled("noisy", false, "disabled at its first capability violation");
        assertThat(second.recordFileFlag("noisy", true)).isTrue();
        assertThat(second.isEnabled("noisy")).isTrue();
        assertThat(second.disabledReason("noisy")).as("a newer enabled: true in config.yaml wins, and the reason goes with the fact").isNull();
        assertThat(second.recordFileFlag("noisy", false)).isTrue();
        assertThat(second.disabledReason("noisy")).as("disabled by the file now, not by the core").isNull();
    }

    @Test
    void theFileIsReplacedWholeAndNoTemporaryFileIsLeft() throws Exception {
        PluginStateStore s = new PluginStateStore(state);
        for (int i = 0; i < 20; i++) {
            s.setEnabled("p" + i, i % 2 == 0);
        }
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("plugin-flags.properties");
        }
        PluginStateStore again = new PluginStateStore(state);
        for (int i = 0; i < 20; i++) {
            assertThat(again.isEnabled("p" + i)).isEqualTo(i % 2 == 0);
        }
    }
}
