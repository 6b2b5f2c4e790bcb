package nexcage.backend.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTailTest {

    @TempDir
    Path dir;

    @Test
    void copiesWhatIsAppendedAfterTheEndItStartedAt() throws Exception {
        Path f = Files.writeString(dir.resolve("out.log"), "old\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileTail t = FileTail.fromEnd(f, out, false)) {
            assertThat(t.copy()).isFalse();
            Files.writeString(f, "new\n", StandardOpenOption.APPEND);
            assertThat(t.copy()).isTrue();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("new\n");
    }

    @Test
    void aDeletedFileIsStillReadToItsEnd() throws Exception {
        Path f = dir.resolve("gone.log");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileTail t = FileTail.fromEnd(f, out, false)) {
            Files.writeString(f, "bye\n", StandardOpenOption.APPEND);
            Files.delete(f);
            t.copy();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("bye\n");
    }

    @Test
    void aConsoleLosesTheCrOfItsLineEndsEvenAcrossReads() throws Exception {
        Path f = Files.writeString(dir.resolve("console.log"), "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileTail t = FileTail.fromEnd(f, out, true)) {
            Files.writeString(f, "a\r\nb\r", StandardOpenOption.APPEND);
            t.copy();
            Files.writeString(f, "\nc\rd\r\n", StandardOpenOption.APPEND);
            t.copy();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a\nb\nc\rd\n");
    }

    @Test
    void theLastLinesAreFound() throws Exception {
        Path f = Files.writeString(dir.resolve("t.log"), "1\n2\n3\n");
        assertThat(FileTail.startOfLastLines(f, 2)).isEqualTo(2);
        assertThat(FileTail.startOfLastLines(f, 5)).isZero();
        assertThat(FileTail.startOfLastLines(f, 0)).isEqualTo(6);
        Path g = Files.writeString(dir.resolve("u.log"), "1\n2\nno newline");
        assertThat(FileTail.startOfLastLines(g, 1)).isEqualTo(4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileTail t = FileTail.fromLines(f, 1, out, false)) {
            t.copy();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("3\n");
    }
}
