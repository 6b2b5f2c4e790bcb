package nexcage.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import nexcage.core.internal.command.CommandRow.Flag;

/** The command table as the build reads it: the component classes' static rows, no framework. */
class CommandTableTest {
    private static Map<String, List<CommandRow>> byComponent;
    private static CommandTable table;

    @BeforeAll
    static void read() throws Exception {
        byComponent = CommandTableWriter.rowsByComponent(CommandTableTest.class.getClassLoader());
        table = CommandTable.of(byComponent);
    }

    @Test
    void everyBuiltInGroupDeclaresItsRows() {
        assertThat(byComponent.keySet()).contains("nexcage.core.internal.cli.CommandRouter", "nexcage.core.internal.cli.PluginCommands",
                "nexcage.core.internal.cli.ConfigCommands", "nexcage.core.internal.cli.HooksCommands",
                "nexcage.core.internal.containers.ContainerCommands");
    }

    @Test
    void everyCommandGroupComponentDeclaresItsRowsForTheBuild() throws Exception {
        ClassLoader loader = CommandTableTest.class.getClassLoader();
        for (String component : CommandTableWriter.componentClasses(loader)) {
            if (CommandGroup.class.isAssignableFrom(Class.forName(component, false, loader))) {
                assertThat(byComponent).as("%s is a command group without static %s", component, CommandGroup.ROWS_FIELD)
                        .containsKey(component);
            }
        }
    }

    @Test
    void aFirstWordOrAWordWithItsOptionBelongsToOneComponent() {
        Map<String, String> owner = new HashMap<>();
        byComponent.forEach((component, rows) -> rows.forEach(r -> {
            String before = owner.putIfAbsent(r.routeKey(), component);
            assertThat(before == null || before.equals(component)).as("'%s' claimed by %s and %s", r.routeKey(), before, component).isTrue();
        }));
        assertThat(owner).containsEntry("logs", "nexcage.core.internal.containers.ContainerCommands")
                .containsEntry("logs --plugin", "nexcage.core.internal.cli.PluginLogCommands")
                .containsEntry("--plugin-debug", "nexcage.core.internal.cli.PluginLogCommands");
    }

    @Test
    void aRowMayBeAWordWithAnOptionOrAnOption() {
        CommandRow logs = table.find("logs --plugin").orElseThrow();
        assertThat(logs.group()).isEqualTo("logs");
        assertThat(logs.subcommand()).isNull();
        assertThat(logs.option()).isEqualTo("--plugin");
        assertThat(logs.picks(List.of("-f", "--plugin", "x"))).isTrue();
        assertThat(logs.picks(List.of("--plugin=x"))).isTrue();
        assertThat(logs.picks(List.of("web1", "-f"))).isFalse();
        assertThat(logs.picks(List.of("--", "--plugin"))).as("after --, a word is no option").isFalse();
        assertThat(logs.inGogo()).as("nexcage:logs of the containers runs it").isFalse();
        CommandRow debug = table.find("--plugin-debug").orElseThrow();
        assertThat(debug.group()).isEqualTo("--plugin-debug");
        assertThat(debug.inGogo()).isFalse();
        assertThat(table.commandName(List.of("logs", "--plugin", "x"))).isEqualTo("logs");
        assertThat(table.commandName(List.of("logs", "web1"))).isEqualTo("logs");
        assertThat(table.commandName(List.of("--plugin-debug", "x", "hello"))).isEqualTo("--plugin-debug");
        assertThat(table.help()).contains("\n  logs --plugin NAME [-f] [-n N|all] [--level LEVEL] [--json]\n".translateEscapes())
                .contains("\n  --plugin-debug NAME [COMMAND ...]".translateEscapes());
        assertThat(table.completionScript()).contains("logs) COMPREPLY=($(compgen -W \"--plugin\"").contains(" --plugin-debug ");
        assertThatThrownBy(() -> CommandRow.of(CommandRow.Section.HOOKS, "logs -p", "logs -p", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheAdminsLifelinesEscapeAVeto() {
        assertThat(words(Flag.NOT_VETOABLE)).containsExactlyInAnyOrder("plugin disable", "plugin remove", "plugin list", "plugin info",
                "config reload", "version", "help");
    }

    @Test
    void theLauncherMakesTheFilesOfTheseCommandsAbsolute() {
        assertThat(words(Flag.FILE_ARGS)).containsExactlyInAnyOrder("plugin install", "plugin validate", "plugin test", "plugin audit");
        assertThat(table.launcherTable()).contains("nexcage_file_args=\",plugin install,plugin validate,plugin test,plugin audit,\"")
                .contains(",run,").contains(",plugin,").doesNotContain(",daemon,");
    }

    @Test
    void gogoHasOneFunctionPerCommandUnderPluginAndNexcage() {
        Set<String> functions = new TreeSet<>();
        table.rows().stream().filter(CommandRow::inGogo).forEach(r -> functions.add(r.gogoScope() + ":" + r.gogoFunction()));
        assertThat(functions).containsExactlyInAnyOrder("plugin:list", "plugin:info", "plugin:health", "plugin:enable", "plugin:disable",
                "plugin:reload", "plugin:install", "plugin:remove", "plugin:validate", "plugin:test", "plugin:stats",
                "plugin:violations", "plugin:audit", "nexcage:version", "nexcage:help", "nexcage:backend", "nexcage:hooks", "nexcage:integration",
                "nexcage:config", "nexcage:create", "nexcage:start", "nexcage:stop", "nexcage:kill", "nexcage:delete", "nexcage:list",
                "nexcage:info", "nexcage:exec", "nexcage:logs", "nexcage:run", "nexcage:image");
    }

    @Test
    void theHelpListsTheListedRowsBySection() {
        String help = table.help();
        assertThat(help).startsWith("Usage: nexcage COMMAND [ARGS...]\n\nDaemon:\n  daemon [--config FILE]      run the NexCage daemon")
                .endsWith("\nExit status: 0 success, 1 failure, 2 usage error, 3 daemon not reachable.\n")
                .contains("\n  plugin list [--json]        every plugin with its state and health\n")
                .contains("\n  run [-d] [--rm] --name ID [--backend B] [--network none|host] IMAGE [CMD...]\n" + " ".repeat(30) + "create and start; attached unless -d\n")
                .contains("  COMMAND --help              one container command's usage\n")
                .contains("Plugin commands:\n  NAME [ARGS...]              a command contributed by a plugin")
                .contains("\n  plugin violations [NAME] [--json]\n" + " ".repeat(30) + "capability violations, newest first")
                .contains("\n  plugin audit NAME|FILE [--json]\n" + " ".repeat(30) + "its bytecode's uses of capabilities it did not declare\n");
        assertThat(help.indexOf("Daemon:")).isLessThan(help.indexOf("Plugins:"));
        assertThat(help.indexOf("Plugins:")).isLessThan(help.indexOf("Hooks:"));
        assertThat(help.indexOf("Hooks:")).isLessThan(help.indexOf("Containers ("));
        assertThat(help.indexOf("Containers (")).isLessThan(help.indexOf("Configuration:"));
        table.rows().stream().filter(r -> !r.has(Flag.UNLISTED)).forEach(r -> assertThat(help).containsPattern("\n  \\Q" + r.synopsis() + "\\E[ \n]"));
        assertThat(help.lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
    }

    @Test
    void completionOffersFirstWordsAndSubcommands() {
        String script = table.completionScript();
        assertThat(script).contains("compgen -W \"daemon shell version help completion plugin ")
                .contains("plugin) COMPREPLY=($(compgen -W \"list info health enable disable reload install remove validate test stats violations audit new\"")
                .contains("config) COMPREPLY=($(compgen -W \"show reload\"").contains("complete -F _nexcage nexcage");
    }

    @Test
    void aCommandIsKnownByItsGroupsTwoWordsElseItsFirst() {
        assertThat(table.commandName(List.of())).isEqualTo("help");
        assertThat(table.commandName(List.of("--help"))).isEqualTo("help");
        assertThat(table.commandName(List.of("plugin", "list", "--json"))).isEqualTo("plugin list");
        assertThat(table.commandName(List.of("plugin", "frob"))).isEqualTo("plugin frob");
        assertThat(table.commandName(List.of("plugin"))).isEqualTo("plugin");
        assertThat(table.commandName(List.of("backend", "list"))).isEqualTo("backend list");
        assertThat(table.commandName(List.of("run", "--name", "a", "busybox"))).isEqualTo("run");
        assertThat(table.commandName(List.of("hello", "World"))).isEqualTo("hello");
    }

    @Test
    void aRowIsNamedByWordsItsSynopsisStartsWith() {
        assertThatThrownBy(() -> CommandRow.of(CommandRow.Section.HOOKS, "hooks list", "hook list", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with its words");
        assertThatThrownBy(() -> CommandRow.of(CommandRow.Section.HOOKS, "Hooks", "Hooks", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> words(Flag flag) {
        return table.rows().stream().filter(r -> r.has(flag)).map(CommandRow::words).toList();
    }
}
