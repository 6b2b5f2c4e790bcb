package nexcage.core.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CommandRouterHelpTest {

    @Test
    void helpIsAskedByTheHelpCommandOrByAnOptionRightAfterTheCommandsWords() {
        assertThat(CommandRouter.helpAsked(List.of("help"), "help")).isTrue();
        assertThat(CommandRouter.helpAsked(List.of("run", "--help"), "run")).isTrue();
        assertThat(CommandRouter.helpAsked(List.of("hello", "-h"), "hello")).isTrue();
        assertThat(CommandRouter.helpAsked(List.of("plugin", "install", "--help"), "plugin install")).isTrue();
        assertThat(CommandRouter.helpAsked(List.of("plugin", "--help"), "plugin --help")).isTrue();
        // the command run in a container may take -h of its own
        assertThat(CommandRouter.helpAsked(List.of("exec", "web1", "ls", "-h"), "exec")).isFalse();
        assertThat(CommandRouter.helpAsked(List.of("plugin", "list"), "plugin list")).isFalse();
    }
}
