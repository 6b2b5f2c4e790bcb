package nexcage.core.internal.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.concurrent.TimeUnit;

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

    @Test
    void levelsAreReadStrictlyForTheDaemonAndLenientlyForWhatPluginsSay() {
        assertThat(Level.parse("trace")).contains(Level.TRACE);
        assertThat(Level.parse(" DEBUG ")).contains(Level.DEBUG);
        assertThat(Level.parse("Warning")).contains(Level.WARN);
        assertThat(Level.parse("verbose")).isEmpty();
        assertThat(Level.parse(null)).isEmpty();
        assertThat(DaemonLog.parseLevel("verbose")).as("a plugin's misspelt level loses no line").isEqualTo(Level.INFO);
        assertThat(DaemonLog.parseLevel("trace")).isEqualTo(Level.TRACE);
        assertThat(DaemonLog.notALevel("NEXCAGE_LOG_LEVEL", "verbose"))
                .isEqualTo("NEXCAGE_LOG_LEVEL='verbose' is not a log level; use error, warn, info, debug or trace");
    }

    @Test
    void aLineAboutAPluginGoesToItsOwnFileAsWellAndNoOtherPluginsFile(@TempDir Path dir) throws Exception {
        DaemonLog log = new DaemonLog(Level.INFO, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        log.openFile(dir);
        log.about("alpha").info("plugins", "installed plugin alpha");
        log.about("alpha").error("alpha", "alpha broke", new IllegalStateException("why"));
        log.about("beta").info("beta", "beta speaks");
        log.info("core", "about nobody");
        log.about(null).info("cli", "about nobody either");
        log.close();

        String alpha = Files.readString(dir.resolve("plugins/alpha.log"));
        assertThat(alpha).contains("INFO  [plugins] installed plugin alpha\n").contains("ERROR [alpha] alpha broke\n")
                .contains("    java.lang.IllegalStateException: why").doesNotContain("beta").doesNotContain("nobody");
        assertThat(Files.readString(dir.resolve("nexcage.log"))).contains("alpha broke").contains("beta speaks").contains("about nobody");
        assertThat(dir.resolve("plugins").toFile().list()).containsExactlyInAnyOrder("alpha.log", "beta.log");
    }

    @Test
    void aRaisedPluginLevelWritesThatPluginsDebugLinesOnly(@TempDir Path dir) throws Exception {
        DaemonLog log = new DaemonLog(Level.INFO, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        log.openFile(dir);
        log.about("alpha").debug("alpha", "before");
        try (var raise = log.levels().raise("alpha", Level.DEBUG)) {
            log.about("alpha").debug("alpha", "during");
            log.about("alpha").log(Level.TRACE, "alpha", "too fine", null);
            log.about("beta").debug("beta", "not beta's");
            log.debug("core", "not the core's");
            assertThat(log.enabled(Level.DEBUG, "alpha")).isTrue();
            assertThat(log.enabled(Level.DEBUG, "beta")).isFalse();
        }
        log.about("alpha").debug("alpha", "after");
        log.close();
        assertThat(log.pluginLines("alpha")).extracting(LogLine::message).containsExactly("during");
        assertThat(Files.readString(dir.resolve("nexcage.log"))).contains("during").doesNotContain("not beta's").doesNotContain("not the core's");
    }

    @Test
    void aFollowerHasTheFileSoFarAndThenEachNewLineOfItsPlugin(@TempDir Path dir) throws Exception {
        DaemonLog log = new DaemonLog(Level.INFO, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        log.openFile(dir);
        log.about("alpha").info("alpha", "one");
        try (LogFollower f = log.follow("alpha", true)) {
            log.about("beta").info("beta", "other");
            log.about("alpha").warn("alpha", "two");
            assertThat(f.history()).extracting(LogLine::message).containsExactly("one");
            LogLine next = f.poll(5, TimeUnit.SECONDS);
            assertThat(next.message()).isEqualTo("two");
            assertThat(next.level()).isEqualTo(Level.WARN);
            assertThat(f.poll()).isNull();
        }
        log.about("alpha").info("alpha", "three");
        log.close();
    }

    @Test
    void aLineReadBackFromAFileIsTheLineThatWasWrittenAndItsJsonHasTheStack() {
        LogLine written = new LogLine("2026-01-01T00:00:00.123Z", Level.ERROR, "hooks/alpha", "alpha", "it [failed]", "java.lang.X: y\n\tat a.B.c(B.java:1)\n");
        String text = written.text() + new LogLine("2026-01-01T00:00:01Z", Level.TRACE, "alpha", "alpha", "fine", null).text();
        assertThat(text).contains("    \tat a.B.c");
        var back = LogLine.parse(text, "alpha");
        assertThat(back).hasSize(2);
        assertThat(back.get(0)).isEqualTo(written);
        assertThat(back.get(1).level()).isEqualTo(Level.TRACE);
        assertThat(back.get(0).json()).containsEntry("level", "error").containsEntry("source", "hooks/alpha").containsEntry("plugin", "alpha")
                .containsEntry("message", "it [failed]").containsEntry("stack", "java.lang.X: y\n\tat a.B.c(B.java:1)\n");
        assertThat(back.get(1).json()).doesNotContainKey("stack").containsKeys("time", "level", "source", "plugin", "message");
    }
}
