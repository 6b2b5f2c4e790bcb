package nexcage.core.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nexcage.core.internal.command.CommandTable;

/** Which commands wait for the plugins present at start (issue 22: the first `plugin list` does not). */
class CommandRouterBootWaitTest {
    private final CommandTable table = CommandTable.of(Map.of(CommandRouter.class.getName(), CommandRouter.COMMAND_ROWS,
            PluginCommands.class.getName(), PluginCommands.COMMAND_ROWS));

    @Test
    void pluginListVersionAndHelpAnswerAtOnce() {
        assertThat(CommandRouter.waitsForBoot(table, "plugin list", "plugin")).isFalse();
        assertThat(CommandRouter.waitsForBoot(table, "version", "version")).isFalse();
        assertThat(CommandRouter.waitsForBoot(table, "help", "help")).isFalse();
    }

    @Test
    void otherPluginCommandsAndWordsOfPluginsStillStartingWaitForTheBoot() {
        assertThat(CommandRouter.waitsForBoot(table, "plugin info", "plugin")).isTrue();
        assertThat(CommandRouter.waitsForBoot(table, "plugin enable", "plugin")).isTrue();
        // not a built-in: maybe the command of a plugin that is still starting, looked up after the wait
        assertThat(CommandRouter.waitsForBoot(table, "hello", "hello")).isTrue();
    }

    @Test
    void theCommandNameOfAListWithOptionsIsStillPluginList() {
        assertThat(table.commandName(List.of("plugin", "list", "--json"))).isEqualTo("plugin list");
    }
}
