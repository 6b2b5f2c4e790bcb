package nexcage.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import nexcage.docs.GuideBlocks.Block;

/**
 * What docs/PLUGIN-GUIDE.md shows of the examples is in them word for word, and the blocks no
 * test exercises are few, each with its reason.
 */
class GuideMarksTest {
    /** Shell blocks that cannot run in a test (building the checkout, a daemon in the foreground): a few. */
    static final int MAX_NOT_RUN = 3;

    private static final Set<String> KNOWN_MARKS = Set.of("file", "excerpt", "not run", "pending", "timeout");
    private final List<Block> blocks = GuideBlocks.read(GuideBlocks.guide());

    private static String read(Block b, String mark) throws IOException {
        Path file = GuideBlocks.root().resolve(b.mark(mark));
        assertThat(file).as("%s names %s", b.where(), b.mark(mark)).isRegularFile();
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void aFileBlockIsTheWholeFileAndAnExcerptIsWordForWordInIts() throws IOException {
        int checked = 0;
        for (Block b : blocks) {
            if (b.marked("file")) {
                assertThat(b.text()).as("%s is the whole of %s", b.where(), b.mark("file")).isEqualTo(read(b, "file"));
                checked++;
            }
            if (b.marked("excerpt")) {
                assertThat(read(b, "excerpt")).as("%s appears word for word in %s", b.where(), b.mark("excerpt")).contains(b.text());
                checked++;
            }
        }
        assertThat(checked).as("blocks taken from the examples").isGreaterThanOrEqualTo(6);
    }

    @Test
    void blocksNoTestRunsAreFewAndSayWhy() {
        List<Block> notRun = blocks.stream().filter(b -> b.marked("not run")).toList();
        assertThat(notRun).as("shell blocks marked 'not run'").hasSizeLessThanOrEqualTo(MAX_NOT_RUN);
        assertThat(blocks.stream().filter(b -> b.marked("pending")).map(Block::where))
                .as("blocks marked 'pending' (a feature not built yet): once it is, the block must run or compile").isEmpty();
        for (Block b : blocks) {
            for (String mark : List.of("not run", "pending")) {
                if (b.marked(mark)) {
                    assertThat(b.mark(mark)).as("%s is marked '%s' without a reason", b.where(), mark).isNotBlank();
                }
            }
            assertThat(KNOWN_MARKS).as("%s has an unknown mark among %s", b.where(), b.marks().keySet())
                    .containsAll(b.marks().keySet());
        }
    }

    @Test
    void everyBlockIsExercisedOrTakenFromAFile() {
        for (Block b : blocks) {
            switch (b.language()) {
                case "java", "bash", "text" -> { }
                default -> assertThat(b.marked("file") || b.marked("excerpt"))
                        .as("%s is a %s block: show it as an excerpt of a file the build uses, or in a shell block that runs",
                                b.where(), b.language().isEmpty() ? "plain" : b.language())
                        .isTrue();
            }
            if (b.marked("not run") || b.marked("timeout")) {
                assertThat(b.isShell()).as("%s: only shell blocks run", b.where()).isTrue();
            }
        }
    }

    @Test
    void theGuideHasEverySectionOfTheSeedGuide() throws IOException {
        String guide = Files.readString(GuideBlocks.guide());
        for (String heading : List.of("## Overview", "### Plugin lifecycle", "## Getting started", "## Plugin types",
                "### Plugin context", "### Hook system", "### Validation", "### Capabilities", "### Resource limits", "### Sandbox",
                "## Development workflow", "## Examples", "### Simple logging plugin", "### Container backend plugin",
                "## Best practices", "## Testing", "## Deployment", "### Plugin management commands", "### Configuration",
                "### Monitoring", "## Troubleshooting", "## API reference", "## What differs from the seed guide")) {
            assertThat(guide).as("the guide's headings").containsPattern("(?m)^" + java.util.regex.Pattern.quote(heading) + "\\b");
        }
    }
}
