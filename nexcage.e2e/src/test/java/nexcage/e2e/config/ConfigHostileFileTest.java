package nexcage.e2e.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import nexcage.e2e.Nexcage;

/**
 * Issue 21, defects 2 and 4, through the real launcher: whatever config.yaml holds (aliases,
 * 10,000 nested brackets, megabytes on one line, bytes that are not UTF-8), the watcher reports it
 * at its position and goes on applying the next edit, and {@code config reload} answers with that
 * position instead of losing the connection.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigHostileFileTest {
    // not a promise of speed (reading ends in a configuration or an error, never hangs): the suites' bound for a loaded machine
    private static final Duration SEEN = Nexcage.WAIT;

    private static final String NESTED_ALIASES = String.join("\n",
            "plugins:",
            "  hello:",
            "    config:",
            "      a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
            "      b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
            "      c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
            "      d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
            "");
    private static final String TOP_ALIASES = String.join("\n",
            "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
            "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
            "plugins: *c",
            "");
    /** The 29th bracket, at column 17 + 28, is the 33rd level (the map, plugins, hello and config are four). */
    private static final String DEEP = "plugins:\n  hello:\n    config:\n      greeting: " + "[".repeat(10_000) + "\n";

    private static Nexcage nx;

    static String good(String greeting) {
        return "plugins:\n  hello:\n    config:\n      greeting: \"" + greeting + "\"\n";
    }

    @BeforeAll
    static void start() throws Exception {
        nx = Nexcage.withHello("nxhostile");
        nx.writeConfig(good("Hi"));
        nx.start();
        nx.awaitState("hello", "active");
    }

    @AfterAll
    static void stop() {
        java.util.Optional.ofNullable(nx).ifPresent(Nexcage::stopAndClose);
    }

    private static String where(int line, int column) {
        return nx.configFile() + ":" + line + ":" + column + ": ";
    }

    private static long logLinesWith(String text) {
        return nx.logFileText().lines().filter(l -> l.contains(text)).count();
    }

    /** Writes the file and waits (bounded) for the watcher to log its refusal at LINE:COLUMN. */
    private static void refusedByTheWatcher(String yaml, int line, int column, String reason) {
        String at = where(line, column);
        long before = logLinesWith(at);
        nx.writeConfig(yaml);
        String log = Nexcage.await("the watcher to report " + at, SEEN, nx::logFileText,
                l -> l.lines().filter(x -> x.contains(at)).count() > before);
        assertThat(log.lines().filter(x -> x.contains(at)).reduce((a, b) -> b).orElseThrow()).contains("ERROR").contains(reason);
    }

    /** Writes a good file after a refused one and waits (bounded) for the watcher to say it is in force again. */
    private static void appliedByTheWatcher(String yaml) {
        String applied = "[config] applied " + nx.configFile();
        long before = logLinesWith(applied);
        nx.writeConfig(yaml);
        Nexcage.await("the watcher to apply the good file", SEEN, () -> logLinesWith(applied), n -> n > before);
    }

    @Test
    @Order(1)
    void theWatcherAppliesTheLastEditAfterAliasesAndDeepNesting() {
        // the sequence of the issue; each step waits for the watcher's answer instead of a fixed 1.5 s
        refusedByTheWatcher(NESTED_ALIASES, 5, 14, "alias *a");
        appliedByTheWatcher(good("Hi"));
        refusedByTheWatcher(TOP_ALIASES, 2, 8, "alias *a");
        appliedByTheWatcher(good("Hi"));
        refusedByTheWatcher(DEEP, 4, 17 + 28, "nest more than 32 levels");
        nx.writeConfig(good("Howdy"));
        Nexcage.await("hello to greet with the last edit", SEEN, () -> nx.run("hello", "World").out(), "Howdy, World!\n"::equals);
        assertThat(nx.daemonLog()).doesNotContain("StackOverflowError");
    }

    /** config reload of the file must answer with the one-line refusal, and the last good configuration stays. */
    private static void reloadRefuses(String at, String... words) {
        Nexcage.Result r = nx.run("config", "reload");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains(at).contains(words).doesNotContain("closed the connection");
        assertThat(r.err().strip().lines().count()).as("one line: " + r.err()).isEqualTo(1);
        assertThat(nx.run("hello", "World").out()).isEqualTo("Howdy, World!\n");
    }

    @Test
    @Order(2)
    void configReloadOfTheDeepFileAnswersWithItsPosition() {
        nx.writeConfig(DEEP);
        reloadRefuses(where(4, 17 + 28), "nest more than 32 levels");
        assertThat(nx.daemonLog()).doesNotContain("StackOverflowError");
    }

    @Test
    @Order(3)
    void aFileOverTheCapIsRefusedUnparsedByReloadAndWatcher() {
        // 50 MB on one line held the config lock for over ten minutes
        String huge = "plugins:\n  hello:\n    config:\n      greeting: " + "x".repeat(50 * 1024 * 1024) + "\n";
        refusedByTheWatcher(huge, 1, 1, "1 MiB");
        reloadRefuses(where(1, 1), "1 MiB", "files the plugins read");
        Nexcage.Result reload = nx.run("plugin", "reload", "hello");
        assertThat(reload.exit()).as(reload.toString()).isZero();
    }

    @Test
    @Order(4)
    void invalidUtf8IsReportedOnItsLine() throws IOException {
        byte[] head = "plugins:\n  hello:\n    config:\n      greeting: h".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 3);
        bytes[head.length] = (byte) 0xff;
        bytes[head.length + 1] = 'i';
        bytes[head.length + 2] = '\n';
        nx.writeConfig(good("Howdy"));
        Files.write(nx.configFile(), bytes);
        reloadRefuses(where(4, 18), "not valid UTF-8");
        appliedByTheWatcher(good("Howdy again"));
        Nexcage.await("hello to greet with the good file", SEEN, () -> nx.run("hello", "World").out(), "Howdy again, World!\n"::equals);
    }
}
