package nexcage.backend.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptAnswerTest {
    @TempDir
    Path dir;

    private final AtomicInteger asked = new AtomicInteger();
    private final KeptAnswer<String> answers = new KeptAnswer<>(a -> a.startsWith("ok"));

    private String ask(String answer) throws IOException {
        asked.incrementAndGet();
        return answer;
    }

    private Path binary(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void aGoodAnswerIsKeptWhileTheBinaryIsTheSameFile() throws Exception {
        Path crun = binary("crun", "v1");
        assertThat(answers.get(crun, () -> ask("ok 1.8.1"))).isEqualTo("ok 1.8.1");
        assertThat(answers.get(crun, () -> ask("ok asked again"))).isEqualTo("ok 1.8.1");
        assertThat(answers.get(crun, () -> ask("ok asked again"))).isEqualTo("ok 1.8.1");
        assertThat(asked).hasValue(1);
    }

    @Test
    void aBinaryReplacedByAnUpgradeIsAskedAgain() throws Exception {
        Path crun = binary("crun", "v1");
        answers.get(crun, () -> ask("ok 1.8.1"));
        // as a package upgrade does: a new file renamed over the old one, same size and time
        Path upgrade = binary("crun.new", "v2");
        Files.setLastModifiedTime(upgrade, Files.getLastModifiedTime(crun));
        Files.move(upgrade, crun, StandardCopyOption.REPLACE_EXISTING);
        assertThat(answers.get(crun, () -> ask("ok 1.9.0"))).isEqualTo("ok 1.9.0");
        assertThat(asked).hasValue(2);
    }

    @Test
    void aBinaryRewrittenInPlaceIsAskedAgain() throws Exception {
        Path crun = binary("crun", "v1");
        answers.get(crun, () -> ask("ok 1.8.1"));
        Files.writeString(crun, "v2");
        Files.setLastModifiedTime(crun, FileTime.fromMillis(Files.getLastModifiedTime(crun).toMillis() + 1000));
        assertThat(answers.get(crun, () -> ask("ok 1.9.0"))).isEqualTo("ok 1.9.0");
        assertThat(asked).hasValue(2);
    }

    @Test
    void aFailureIsAskedAgainEachTime() throws Exception {
        Path crun = binary("crun", "v1");
        assertThat(answers.get(crun, () -> ask("failed: exit 1"))).isEqualTo("failed: exit 1");
        assertThat(answers.get(crun, () -> ask("ok 1.8.1"))).isEqualTo("ok 1.8.1");
        assertThat(asked).hasValue(2);
    }

    @Test
    void aRemovedBinaryIsAskedEachTimeSoThatItsFailureShows() throws Exception {
        Path crun = binary("crun", "v1");
        answers.get(crun, () -> ask("ok 1.8.1"));
        Files.delete(crun);
        assertThat(answers.get(crun, () -> ask("ok but gone"))).isEqualTo("ok but gone");
        assertThat(answers.get(crun, () -> ask("ok but gone"))).isEqualTo("ok but gone");
        assertThat(asked).hasValue(3);
    }

    @Test
    void anotherBinaryIsAskedAgain() throws Exception {
        Path crun = binary("crun", "v1");
        Path runc = binary("runc", "v1");
        answers.get(crun, () -> ask("ok crun"));
        assertThat(answers.get(runc, () -> ask("ok runc"))).isEqualTo("ok runc");
        assertThat(answers.get(crun, () -> ask("ok crun again"))).isEqualTo("ok crun again");
        assertThat(asked).hasValue(3);
    }
}
