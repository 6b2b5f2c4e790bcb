package nexcage.core.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ContainerArgsTest {

    private static ContainerArgs run(String... args) {
        return ContainerArgs.parse(ContainerSyntax.RUN, List.of(args));
    }

    @Test
    void optionsComeFirstAndAfterTheImageEverythingIsTheCommand() {
        ContainerArgs p = run("--rm", "--name", "web1", "busybox", "ls", "-l", "--name", "x");
        assertThat(p.flag("--rm")).isTrue();
        assertThat(p.flag("-d", "--detach")).isFalse();
        assertThat(p.value(null, "--name")).isEqualTo("web1");
        assertThat(p.words).containsExactly("busybox");
        assertThat(p.tail).containsExactly("ls", "-l", "--name", "x");
    }

    @Test
    void aFlagMayBeWrittenTrueOrFalseAndAValuedOptionWithEquals() {
        ContainerArgs p = run("-d=false", "--rm=true", "--name=web1", "busybox");
        assertThat(p.flag("-d", "--detach")).isFalse();
        assertThat(p.flag("--rm")).isTrue();
        assertThat(p.value(null, "--name")).isEqualTo("web1");
        assertThatThrownBy(() -> run("--rm=yes", "busybox")).isInstanceOf(ContainerCommands.Usage.class)
                .hasMessage("option --rm takes no value, or =true or =false; got '--rm=yes'");
    }

    @Test
    void theLastSpellingGivenWins() {
        ContainerArgs p = ContainerArgs.parse(ContainerSyntax.STOP, List.of("-t", "5", "--time", "7", "web1"));
        assertThat(p.value("10", "-t", "--time")).isEqualTo("7");
        assertThat(ContainerArgs.parse(ContainerSyntax.STOP, List.of("web1")).value("10", "-t", "--time")).isEqualTo("10");
    }

    @Test
    void doubleDashEndsTheOptions() {
        ContainerArgs p = run("--name", "web1", "--", "busybox", "--", "echo");
        assertThat(p.words).containsExactly("busybox");
        assertThat(p.tail).containsExactly("--", "echo");
        ContainerArgs ids = ContainerArgs.parse(ContainerSyntax.DELETE, List.of("-f", "--", "-odd", "web1"));
        assertThat(ids.flag("-f", "--force")).isTrue();
        assertThat(ids.words).containsExactly("-odd", "web1");
    }

    @Test
    void helpIsAskedOnlyWhereOptionsAre() {
        assertThatThrownBy(() -> run("--rm", "--help")).isInstanceOf(ContainerArgs.HelpAsked.class)
                .hasMessageStartingWith("usage: " + ContainerSyntax.RUN.usage() + "\n");
        assertThatThrownBy(() -> ContainerArgs.parse(ContainerSyntax.LOGS, List.of("-h"))).isInstanceOf(ContainerArgs.HelpAsked.class);
        assertThat(run("--name", "web1", "busybox", "ls", "--help").tail).containsExactly("ls", "--help");
    }

    @Test
    void anUnknownOptionNamesTheKnownOnesAndTheUsage() {
        assertThatThrownBy(() -> ContainerArgs.parse(ContainerSyntax.EXEC, List.of("-x", "web1", "sh")))
                .isInstanceOf(ContainerCommands.Usage.class)
                .hasMessage("unknown option '-x'; known here: --backend (usage: nexcage exec [--backend B] ID CMD [ARGS...])");
        assertThatThrownBy(() -> ContainerArgs.parse(ContainerSyntax.EXEC, List.of("-it", "web1", "sh")))
                .hasMessageStartingWith("unknown option '-it'; NexCage attaches no stdin or terminal to a container, so there is no"
                        + " -i or -t (leave them out); known here: --backend");
        assertThatThrownBy(() -> run("-dit", "--name", "web1", "busybox")).hasMessageContaining("there is no -i or -t");
        assertThat(run("-d", "--name", "web1", "busybox").flag("-d", "--detach")).as("-d alone is docker's -d").isTrue();
        assertThatThrownBy(() -> ContainerArgs.parse(ContainerSyntax.STOP, List.of("web1", "-t")))
                .hasMessage("option -t needs a value; usage: nexcage stop [-t S] [--backend B] ID...");
    }

    @Test
    void theNumberOfWordsIsChecked() {
        assertThatThrownBy(() -> ContainerArgs.parse(ContainerSyntax.INFO, List.of("a", "b")).expectWords(1, 1))
                .hasMessage("usage: nexcage info [--json] [--backend B] ID");
        assertThat(ContainerArgs.parse(ContainerSyntax.STOP, List.of("a", "b", "c")).expectWords(1, Integer.MAX_VALUE).words)
                .containsExactly("a", "b", "c");
    }
}
