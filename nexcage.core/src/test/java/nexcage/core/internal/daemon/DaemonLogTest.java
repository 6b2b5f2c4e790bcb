package nexcage.core.internal.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.core.internal.daemon.DaemonLog.Level;

class DaemonLogTest {

    @Test
    void aCauseIsWrittenAsAStackTraceBelowItsLineToTheFileAndTheConsole(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        DaemonLog log = new DaemonLog(Level.INFO, new PrintStream(console, true, StandardCharsets.UTF_8));
        log.openFile(dir);
        log.error("cli", "command [x] failed", new IllegalStateException("broken", new RuntimeException("deeper")));
        log.close();

        String file = Files.readString(dir.resolve("nexcage.log"));
        assertThat(file).contains("ERROR [cli] command [x] failed\n")
                .contains("    java.lang.IllegalStateException: broken")
                .contains("Caused by: java.lang.RuntimeException: deeper")
                .contains("at " + DaemonLogTest.class.getName());
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo(file);
    }

    @Test
    void linesBelowTheThresholdAreNotWritten(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        DaemonLog log = new DaemonLog(Level.WARN, new PrintStream(console, true, StandardCharsets.UTF_8));
        log.info("core", "not shown");
        log.warn("core", "shown", new RuntimeException("why"));
        assertThat(log.threshold()).isEqualTo(Level.WARN);
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("not shown").contains("WARN  [core] shown")
                .contains("java.lang.RuntimeException: why");
    }
}
