package nexcage.backend.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** lxc's log of a start, as lxc 5.0.2 writes it (lines measured on this host). */
class RunLogTest {

    private static final String START = "lxc-execute c1 20261205235555.734 NOTICE   execute - ../src/lxc/execute.c:execute_post_start:34"
            + " - 'true' started with pid '19612'\n";

    @Test
    void aStartWithoutAnEndLineExitedZero() {
        RunLog log = RunLog.parse("lxc-execute c1 20261205235555.648 INFO     start - ../src/lxc/start.c:lxc_init:881 - Container"
                + " \"c1\" is initialized\n" + START);
        assertThat(log.started()).isTrue();
        assertThat(log.exitCode()).isZero();
    }

    @Test
    void anExitCodeIsTakenFromTheEndLine() {
        RunLog log = RunLog.parse(START + "lxc-execute c1 20261205235357.721 INFO     error - ../src/lxc/error.c:lxc_error_set_and_log:31"
                + " - Child <9887> ended on error (4)\n");
        assertThat(log.exitCode()).isEqualTo(4);
    }

    @Test
    void aSignalIs128PlusItsNumber() {
        RunLog log = RunLog.parse("lxc-start c1 20261205235539.201 NOTICE   start - ../src/lxc/start.c:post_start:2205 - Started"
                + " \"/sbin/init\" with pid \"28164\"\nlxc-start c1 20261205235541.2 INFO     error - ../src/lxc/error.c:"
                + "lxc_error_set_and_log:34 - Child <28164> ended on signal Killed(9)\n");
        assertThat(log.started()).as("lxc-start's line for a system container").isTrue();
        assertThat(log.exitCode()).isEqualTo(137);
    }

    @Test
    void neverStartedHasNoExitCodeAndKeepsLxcsErrors() {
        RunLog log = RunLog.parse("lxc-execute c1 20261205235329.177 ERROR    commands - ../src/lxc/commands.c:lxc_server_init:2120"
                + " - Container \"c1\" appears to be already running\n");
        assertThat(log.started()).isFalse();
        assertThat(log.exitCode()).isNull();
        assertThat(log.firstError()).isEqualTo("Container \"c1\" appears to be already running");
        assertThat(RunLog.parse("").exitCode()).isNull();
    }
}
