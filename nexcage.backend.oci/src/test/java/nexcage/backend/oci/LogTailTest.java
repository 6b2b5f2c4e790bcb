package nexcage.backend.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void fromTheEndCopiesOnlyWhatComesLaterToItsOwnStream() throws Exception {
        Path out = Files.writeString(dir.resolve("stdout.log"), "before\n");
        Path err = Files.writeString(dir.resolve("stderr.log"), "");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try (LogTail t = LogTail.fromEnd(out, err, o, e)) {
            assertThat(t.pump()).isFalse();
            Files.writeString(out, "after\n", StandardOpenOption.APPEND);
            Files.writeString(err, "oops\n", StandardOpenOption.APPEND);
            Files.delete(out); // an auto-removed container's file: still read through the open channel
            assertThat(t.pump()).isTrue();
        }
        assertThat(o.toString(StandardCharsets.UTF_8)).isEqualTo("after\n");
        assertThat(e.toString(StandardCharsets.UTF_8)).isEqualTo("oops\n");
    }

    @Test
    void aTailCountsLinesOfEachStream() throws Exception {
        Path out = Files.writeString(dir.resolve("stdout.log"), "1\n2\n3\n");
        Path err = Files.writeString(dir.resolve("stderr.log"), "x\n");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try (LogTail t = LogTail.fromTail(out, err, 2, o, e)) {
            t.pump();
        }
        assertThat(o.toString(StandardCharsets.UTF_8)).isEqualTo("2\n3\n");
        assertThat(e.toString(StandardCharsets.UTF_8)).isEqualTo("x\n");
    }
}
