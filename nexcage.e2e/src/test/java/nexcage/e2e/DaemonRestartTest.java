package nexcage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A supervisor that restarts the daemon the moment it was killed: the dying JVM still holds the
 * state lock for a while, and the new daemon must wait for it rather than refuse by chance.
 */
class DaemonRestartTest {
    private static final int RESTARTS = 4;

    private Nexcage nx;

    @BeforeEach
    void create() throws Exception {
        nx = Nexcage.withHello("nxrst");
    }

    @AfterEach
    void stop() {
        if (nx != null && nx.alive()) {
            nx.stop();
        }
    }

    @Test
    void aDaemonStartedRightAfterKillNineComesUp() throws Exception {
        nx.start();
        for (int i = 1; i <= RESTARTS; i++) {
            long killed = nx.pid();
            // no wait for the exit: the next start races the kernel's teardown of the killed JVM
            ProcessHandle.of(killed).ifPresent(ProcessHandle::destroyForcibly);
            nx.start();
            assertThat(nx.pid()).as("restart %d", i).isNotEqualTo(killed);
            assertThat(nx.run("hello").exit()).as("restart %d: a command after the restart", i).isZero();
        }
        assertThat(Files.readString(nx.state.resolve("daemon.lock")).strip())
                .as("the lock file names the daemon that holds it").isEqualTo(Long.toString(nx.pid()));
    }

    @Test
    void aSecondDaemonIsRefusedWithTheHoldersProcessId() {
        nx.start();
        Nexcage.Result second = nx.run("daemon");
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.err()).contains("another daemon already runs")
                .contains("(process " + nx.pid() + " holds " + nx.state.resolve("daemon.lock") + ")");
        assertThat(nx.run("hello").exit()).isZero();
    }
}
