package nexcage.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import nexcage.docs.GuideBlocks.Block;

/** The guide's output blocks and marks as the tests read them. */
class ExpectedOutputTest {

    @Test
    void anEllipsisStandsForTextWithinALineAndForWholeLinesAlone() {
        assertThat(ExpectedOutput.matches("plugin hello 1.0.0 installed as ... (active)",
                "plugin hello 1.0.0 installed as /tmp/x/hello-1.0.0.nexcage-plugin (active)\n")).isTrue();
        assertThat(ExpectedOutput.matches("a\n...\nd", "a\nb\nc\nd\n")).isTrue();
        assertThat(ExpectedOutput.matches("a\n...\nd", "a\nd")).isTrue();
        assertThat(ExpectedOutput.matches("...\nd", "d")).isTrue();
        assertThat(ExpectedOutput.matches("a\n...", "a")).isTrue();
        assertThat(ExpectedOutput.matches("a\n...", "a\nb\nc")).isTrue();
        assertThat(ExpectedOutput.matches("a\n...\nd", "a\nb\nc\ne")).isFalse();
        assertThat(ExpectedOutput.matches("a...c", "a\nc")).isFalse();
    }

    @Test
    void tableColumnsMayBeWiderAndTrailingSpaceDoesNotCount() {
        assertThat(ExpectedOutput.matches("NAME  STATE\nhello  active", "NAME      STATE  \nhello     active\n\n")).isTrue();
        assertThat(ExpectedOutput.matches("NAME  STATE", "NAMESTATE")).isFalse();
        assertThat(ExpectedOutput.matches("a (b) [c] $d", "a (b) [c] $d")).isTrue();
        assertThat(ExpectedOutput.matches("Hello, World!", "Hello, Ada!")).isFalse();
    }

    @Test
    void marksAboveABlockAndTheOutputAfterAShellBlockAreRead() {
        List<Block> blocks = GuideBlocks.parse(Path.of("g.md"), List.of(
                "Intro", "<!-- not run: it needs root -->", "```bash", "apt-get install x", "```",
                "", "<!-- excerpt: a/B.java -->", "  ```java", "  class B {", "  }", "  ```",
                "```bash", "echo hi", "```", "", "```text", "hi", "```",
                "<!-- timeout: 300 -->", "Some prose", "```bash", "true", "```", "text between", "```text", "not output", "```"));
        assertThat(blocks).hasSize(5);
        assertThat(blocks.get(0).mark("not run")).isEqualTo("it needs root");
        assertThat(blocks.get(0).line()).isEqualTo(3);
        assertThat(blocks.get(1).mark("excerpt")).isEqualTo("a/B.java");
        assertThat(blocks.get(1).text()).isEqualTo("class B {\n}\n");
        assertThat(blocks.get(2).expectedOutput()).isEqualTo("hi\n");
        assertThat(blocks.get(3).marks()).as("prose between a mark and a block ends the mark").isEmpty();
        assertThat(blocks.get(3).expectedOutput()).isNull();
        assertThat(blocks.get(4).language()).isEqualTo("text");
    }
}
