package nexcage.backend.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.backend.support.FileTail.LineEnds;
import nexcage.backend.support.FileTail.Missing;

class FileTailTest {

    @TempDir
    Path dir;

    @Test
    void copiesWhatIsAppendedAfterTheEndItStartedAt() throws Exception {
        Path f = Files.writeString(dir.resolve("out.log"), "old\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileTail t = FileTail.fromEnd(f, out, Missing.CREATE, LineEnds.AS_IS)) {
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
        try (FileTail t = FileTail.fromEnd(f, out, Missing.CREATE, LineEnds.AS_IS)) {
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
        try (FileTail t = FileTail.fromEnd(f, out, Missing.CREATE, LineEnds.CRLF_TO_LF)) {
            Files.writeString(f, "a\r\nb\r", StandardOpenOption.APPEND);
            t.copy();
            Files.writeString(f, "\nc\rd\r\n", StandardOpenOption.APPEND);
            t.copy();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a\nb\nc\rd\n");
    }

    @Test
    void fromTheLastLinesCopiesOnlyThem() throws Exception {
        Path f = Files.writeString(dir.resolve("t.log"), "1\n2\n3\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileTail t = FileTail.fromLines(f, 1, out, Missing.CREATE, LineEnds.AS_IS)) {
            t.copy();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("3\n");
    }

    @Test
    void theLastLinesOfAMissingOrEndedFileStartWhereTheyShould() throws Exception {
        Path f = Files.writeString(dir.resolve("a"), "one\ntwo\nthree\n");
        assertThat(FileTail.startOfLastLines(f, 1)).isEqualTo(8);
        assertThat(FileTail.startOfLastLines(f, 2)).isEqualTo(4);
        assertThat(FileTail.startOfLastLines(f, 3)).isZero();
        assertThat(FileTail.startOfLastLines(f, 10)).isZero();
        assertThat(FileTail.startOfLastLines(f, 0)).isEqualTo(14);
        Path partial = Files.writeString(dir.resolve("b"), "one\ntwo");
        assertThat(FileTail.startOfLastLines(partial, 1)).isEqualTo(4);
        assertThat(FileTail.startOfLastLines(dir.resolve("missing"), 1)).isZero();
    }

    @Test
    void aMissingFileToSkipIsNeitherMadeNorCopied() throws Exception {
        Path f = dir.resolve("never.log");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileTail t = FileTail.fromLines(f, -1, out, Missing.SKIP, LineEnds.AS_IS)) {
            assertThat(t.copy()).isFalse();
        }
        assertThat(f).doesNotExist();
    }
}
