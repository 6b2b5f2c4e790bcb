package nexcage.core.internal.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.core.internal.daemon.DaemonLog.Level;

class PluginLogFilesTest {

    private static String entry(int i) {
        return new LogLine("2026-01-01T00:00:00.000Z", Level.INFO, "p", "p", "line " + i + " " + "x".repeat(60), null).text();
    }

    @Test
    void aPluginsFileRotatesAtItsCapAndKeepsTwoOlderFilesSoItStaysBounded(@TempDir Path dir) throws Exception {
        PluginLogFiles files = new PluginLogFiles(dir, 1000);
        for (int i = 0; i < 200; i++) {
            files.append("p", entry(i));
        }
        files.close();
        assertThat(Files.size(dir.resolve("p.log"))).isLessThanOrEqualTo(1000);
        assertThat(Files.size(dir.resolve("p.log.1"))).isLessThanOrEqualTo(1000).isGreaterThan(900);
        assertThat(Files.size(dir.resolve("p.log.2"))).isLessThanOrEqualTo(1000).isGreaterThan(900);
        assertThat(dir.resolve("p.log.3")).doesNotExist();
        PluginLogFiles again = new PluginLogFiles(dir, 1000);
        var lines = again.read("p");
        assertThat(lines.get(lines.size() - 1).message()).startsWith("line 199 ");
        for (int k = 1; k < lines.size(); k++) {
            int before = Integer.parseInt(lines.get(k - 1).message().split(" ")[1]);
            assertThat(Integer.parseInt(lines.get(k).message().split(" ")[1])).as("oldest first, none missing in between").isEqualTo(before + 1);
        }
        assertThat(lines.size()).isLessThan(50);
    }

    @Test
    void anEntryLargerThanAFileIsCutToIt(@TempDir Path dir) throws Exception {
        PluginLogFiles files = new PluginLogFiles(dir, 300);
        files.append("p", new LogLine("t", Level.INFO, "p", "p", "y".repeat(1000), null).text());
        files.close();
        assertThat(Files.size(dir.resolve("p.log"))).isEqualTo(300);
        assertThat(Files.readString(dir.resolve("p.log"))).endsWith("(cut: the entry was larger than a log file may be)\n");
    }

    @Test
    void aRemovedPluginsFilesGoAndLateLinesAreNotWrittenUntilItIsInstalledAgain(@TempDir Path dir) throws Exception {
        PluginLogFiles files = new PluginLogFiles(dir, 1000);
        for (int i = 0; i < 40; i++) {
            files.append("p", entry(i));
        }
        files.append("q", entry(0));
        files.removed("p");
        assertThat(dir.resolve("p.log")).doesNotExist();
        assertThat(dir.resolve("p.log.1")).doesNotExist();
        assertThat(dir.resolve("q.log")).exists();
        files.append("p", entry(1));
        assertThat(files.exists("p")).isFalse();
        files.installed("p");
        files.append("p", entry(2));
        assertThat(files.read("p")).extracting(LogLine::message).singleElement().asString().startsWith("line 2 ");
    }

    @Test
    void aNameNoPluginMayHaveNamesNoFile(@TempDir Path dir) throws Exception {
        PluginLogFiles files = new PluginLogFiles(dir.resolve("plugins"), 1000);
        files.append("../escape", entry(1));
        files.append("bundle 12", entry(1));
        assertThat(dir.resolve("escape.log")).doesNotExist();
        assertThat(files.read("../escape")).isEmpty();
        assertThat(files.exists("../escape")).isFalse();
        assertThat(dir.resolve("plugins").toFile().list()).isNullOrEmpty();
    }
}
