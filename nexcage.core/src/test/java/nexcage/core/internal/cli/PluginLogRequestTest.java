package nexcage.core.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import nexcage.core.internal.command.CommandGroup;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.CommandRow;
import nexcage.core.internal.command.UsageException;
import nexcage.core.internal.daemon.DaemonLog.Level;
import nexcage.core.internal.daemon.LogLine;

class PluginLogRequestTest {

    private static List<String> words(String line) {
        return List.of(line.split(" "));
    }

    @Test
    void theWordsAreReadAsDockerLogsReadsItsOwn() {
        PluginLogRequest q = PluginLogRequest.parse(words("-f --plugin hello -n 5 --level warn --json"));
        assertThat(q).isEqualTo(new PluginLogRequest("hello", true, 5, Level.WARN, true, false));
        assertThat(PluginLogRequest.parse(words("--plugin=hello --tail=all --level=DEBUG")))
                .isEqualTo(new PluginLogRequest("hello", false, -1, Level.DEBUG, false, false));
        assertThat(PluginLogRequest.parse(words("--plugin hello"))).isEqualTo(new PluginLogRequest("hello", false, -1, Level.TRACE, false, false));
        assertThat(PluginLogRequest.parse(words("--plugin hello -n 0000000000000000000007")).tail()).isEqualTo(7);
        assertThat(PluginLogRequest.parse(words("--help")).help()).isTrue();
    }

    @Test
    void wrongWordsAreUsageErrorsThatSayWhatIsExpected() {
        assertThatThrownBy(() -> PluginLogRequest.parse(words("--plugin"))).isInstanceOf(UsageException.class).hasMessageContaining("--plugin hello");
        assertThatThrownBy(() -> PluginLogRequest.parse(words("-f"))).isInstanceOf(UsageException.class).hasMessageContaining("needs a plugin name");
        assertThatThrownBy(() -> PluginLogRequest.parse(words("--plugin a -n x"))).isInstanceOf(UsageException.class).hasMessageContaining("-n takes");
        assertThatThrownBy(() -> PluginLogRequest.parse(words("--plugin a --level loud"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("--level takes error, warn, info, debug or trace");
        assertThatThrownBy(() -> PluginLogRequest.parse(words("--plugin a --since 1h"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown option '--since'");
        assertThatThrownBy(() -> PluginLogRequest.parse(words("--plugin a b"))).isInstanceOf(UsageException.class).hasMessageContaining("unexpected 'b'");
    }

    @Test
    void aLevelShowsItselfAndTheMoreSevereAndNTakesTheLastOfThose() {
        List<LogLine> lines = List.of(line(Level.INFO, "1"), line(Level.ERROR, "2"), line(Level.DEBUG, "3"), line(Level.WARN, "4"),
                line(Level.INFO, "5"));
        assertThat(PluginLogRequest.parse(words("--plugin p --level warn")).select(lines)).extracting(LogLine::message).containsExactly("2", "4");
        assertThat(PluginLogRequest.parse(words("--plugin p -n 2")).select(lines)).extracting(LogLine::message).containsExactly("4", "5");
        assertThat(PluginLogRequest.parse(words("--plugin p -n 1 --level error")).select(lines)).extracting(LogLine::message).containsExactly("2");
        assertThat(PluginLogRequest.parse(words("--plugin p -n 0")).select(lines)).isEmpty();
        assertThat(PluginLogRequest.parse(words("--plugin p -n 99")).select(lines)).hasSize(5);
    }

    @Test
    void pluginDebugTakesItsOptionsBeforeTheNameAndTheRestIsTheCommand() {
        assertThat(PluginDebugRequest.parse(words("hello"))).isEqualTo(new PluginDebugRequest("hello", Level.DEBUG, List.of(), false));
        assertThat(PluginDebugRequest.parse(words("--level trace hello hello --json World")))
                .isEqualTo(new PluginDebugRequest("hello", Level.TRACE, words("hello --json World"), false));
        assertThatThrownBy(() -> PluginDebugRequest.parse(List.of())).isInstanceOf(UsageException.class).hasMessageContaining("needs a plugin name");
        assertThatThrownBy(() -> PluginDebugRequest.parse(words("--level info hello"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("debug or trace");
        assertThatThrownBy(() -> PluginDebugRequest.parse(words("-x hello"))).isInstanceOf(UsageException.class).hasMessageContaining("'-x'");
    }

    @Test
    void theRouterGivesLogsWithPluginToThePluginLogsAndLogsOfAContainerToTheContainers() {
        CommandGroup containers = group(CommandRow.of(CommandRow.Section.CONTAINERS, "logs", "logs ID", "x"),
                CommandRow.of(CommandRow.Section.CONTAINERS, "run", "run IMAGE", "x"));
        CommandGroup pluginLogs = group(PluginLogCommands.COMMAND_ROWS.toArray(CommandRow[]::new));
        List<CommandGroup> both = List.of(containers, pluginLogs);
        assertThat(CommandRouter.route(both, "logs", words("--plugin hello"))).containsSame(pluginLogs);
        assertThat(CommandRouter.route(both, "logs", words("-f -n 3 --plugin=hello"))).containsSame(pluginLogs);
        assertThat(CommandRouter.route(both, "logs", words("web1 -f"))).containsSame(containers);
        assertThat(CommandRouter.route(both, "logs", words("-- --plugin"))).containsSame(containers);
        assertThat(CommandRouter.route(both, "--plugin-debug", words("hello hello"))).containsSame(pluginLogs);
        assertThat(CommandRouter.route(both, "run", words("--plugin x"))).containsSame(containers);
        assertThat(CommandRouter.route(both, "frob", List.of())).isEqualTo(Optional.empty());
    }

    private static LogLine line(Level level, String message) {
        return new LogLine("t", level, "p", "p", message, null);
    }

    private static CommandGroup group(CommandRow... rows) {
        return new CommandGroup() {
            @Override
            public List<CommandRow> rows() {
                return List.of(rows);
            }

            @Override
            public int run(String command, List<String> args, CommandIO io) {
                return 0;
            }
        };
    }
}
