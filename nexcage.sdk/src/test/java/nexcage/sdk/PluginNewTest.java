package nexcage.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginNewTest {
    @TempDir
    Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void repository() {
        System.setProperty("nexcage.sdk.repository", "file:///repo");
    }

    @AfterEach
    void clear() {
        System.clearProperty("nexcage.sdk.repository");
        System.clearProperty("nexcage.reserved");
    }

    private int run(String... args) {
        return PluginNew.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesTheProjectAndSaysWhatToDoNext() throws Exception {
        Path dir = tmp.resolve("greet");
        assertThat(run("greet", "--type", "backend", "--dir", dir.toString())).isZero();

        assertThat(dir.resolve("src/main/java/org/example/greet/GreetBackend.java")).isRegularFile();
        assertThat(dir.resolve("pom.xml")).content().contains("<url>file:///repo</url>");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("mvn package && nexcage plugin install target/greet-1.0.0.nexcage-plugin");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).containsExactly(dir); // no staging folder left behind
        }
    }

    @Test
    void badInputIsOneLineExit2AndNothingWritten() throws Exception {
        System.setProperty("nexcage.reserved", "plugin,run");
        for (List<String> bad : List.of(List.of("Bad!"), List.of("ok", "--type", "nope"), List.of("run"))) {
            out.reset();
            err.reset();
            List<String> args = new java.util.ArrayList<>(bad);
            args.addAll(List.of("--dir", tmp.resolve("p").toString()));
            assertThat(run(args.toArray(String[]::new))).as(bad.toString()).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1).allMatch(l -> l.startsWith("nexcage: "));
        }
        Files.createDirectories(tmp.resolve("taken"));
        err.reset();
        assertThat(run("ok", "--dir", tmp.resolve("taken").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("already exists");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).containsExactly(tmp.resolve("taken"));
        }
        try (Stream<Path> left = Files.list(tmp.resolve("taken"))) {
            assertThat(left).isEmpty();
        }
    }
}
