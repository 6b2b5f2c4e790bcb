package nexcage.e2e.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nexcage.docs.ExpectedOutput;
import nexcage.docs.GuideBlocks;
import nexcage.docs.GuideBlocks.Block;
import nexcage.e2e.Nexcage;

/**
 * Runs the shell blocks of docs/PLUGIN-GUIDE.md, in order, as a reader would: from the checkout,
 * with {@code nexcage} on the PATH, a daemon of a private home and state, and {@code WORK} a
 * scratch directory (what the guide's introduction asks of the reader). Maven, which the guide
 * runs on a project {@code nexcage plugin new} wrote, works on a private copy of the local
 * repository ({@link AuthorPathTest#privateRepository()}), so NexCage's artifacts come from the
 * build's SDK repository as for a new author, and the shared repository gets none of them. Each block must exit 0
 * and print what the text block after it shows. Blocks marked {@code not run} or {@code pending}
 * are skipped (GuideMarksTest in nexcage.docs keeps them few and explained).
 */
class GuideShellBlocksTest {
    private static final int DEFAULT_TIMEOUT_S = 120;

    private Nexcage nx;
    private Path bin;
    private Path work;
    private Path m2;

    @BeforeEach
    void daemon() throws Exception {
        m2 = AuthorPathTest.privateRepository();
        nx = Nexcage.create("nxgd");
        bin = Files.createDirectories(nx.base.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("nexcage"), Nexcage.LAUNCHER);
        work = Files.createDirectories(nx.base.resolve("work"));
        for (Path example : List.of(Paths.get("examples/process-backend/target/process-backend-1.0.0.nexcage-plugin"),
                Paths.get("target/sdk/plugin-new.jar"), Paths.get("nexcage.api/target/apidocs/index.html"))) {
            assertThat(Nexcage.ROOT.resolve(example)).as("built by the reactor before this test").isRegularFile();
        }
        nx.start();
    }

    @AfterEach
    void stop() {
        nx.stopAndClose();
    }

    @Test
    void everyShellBlockOfThePluginGuideRunsAndPrintsWhatTheGuideShows() throws Exception {
        List<String> skipped = new ArrayList<>();
        int ran = 0;
        for (Block b : GuideBlocks.read(Nexcage.ROOT.resolve("docs/PLUGIN-GUIDE.md"))) {
            if (!b.isShell()) {
                continue;
            }
            if (b.marked("not run") || b.marked("pending")) {
                skipped.add(b.where() + " (" + (b.marked("pending") ? "pending: " + b.mark("pending") : "not run: " + b.mark("not run")) + ")");
                continue;
            }
            run(b);
            ran++;
        }
        System.out.println("plugin guide: " + ran + " shell blocks ran; skipped " + skipped);
        assertThat(ran).as("shell blocks of the guide that ran").isGreaterThanOrEqualTo(14);
    }

    private void run(Block b) throws IOException, InterruptedException {
        Path out = Files.createTempFile(nx.base, "block", ".out");
        Path err = Files.createTempFile(nx.base, "block", ".err");
        ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", b.text())
                .directory(Nexcage.ROOT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.remove("NEXCAGE_SOCKET");
        env.remove("NEXCAGE_JAVA_OPTS");
        env.remove("NEXCAGE_LOG_LEVEL");
        env.put("NEXCAGE_HOME", nx.home.toString());
        env.put("NEXCAGE_STATE", nx.state.toString());
        env.put("WORK", work.toString());
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("MAVEN_OPTS", "-Dmaven.repo.local=" + m2);
        env.putAll(nx.env);
        Process p = pb.start();
        p.getOutputStream().close();
        int timeout = b.marked("timeout") ? Integer.parseInt(b.mark("timeout")) : DEFAULT_TIMEOUT_S;
        if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(b.where() + ": the block did not finish within " + timeout + " s:\n" + b.text() + report(out, err));
        }
        // what a terminal would show: colour codes (Maven 3.8 writes some even with -q to a pipe) are not text
        String stdout = Files.readString(out, StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;]*m", "");
        assertThat(p.exitValue()).as("%s exits 0:\n%s%s", b.where(), b.text(), report(out, err)).isZero();
        if (b.expectedOutput() != null && !ExpectedOutput.matches(b.expectedOutput(), stdout)) {
            throw new AssertionError(b.where() + ": the block printed other than the guide shows.\n--- the guide shows\n"
                    + b.expectedOutput() + report(out, err));
        }
    }

    private String report(Path out, Path err) throws IOException {
        return "\n--- stdout\n" + Files.readString(out, StandardCharsets.UTF_8) + "--- stderr\n" + Files.readString(err, StandardCharsets.UTF_8)
                + "--- daemon (last 40 lines)\n" + String.join("\n", tail(nx.daemonLog().lines().toList(), 40));
    }

    private static List<String> tail(List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
