package nexcage.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nexcage.e2e.Nexcage;

/**
 * {@code plugins.docker.config.warm_up} through the real daemon: {@code activation} has docker-java's
 * clients made (and warmed up) before any container command; {@code lazy}, the default, leaves them
 * to the first one; any other value is refused in one line, the last good configuration kept.
 */
class DockerWarmUpEndToEndTest {
    /** docker-java's client: two per connection once the backend made them (calls and streams). */
    private static final String CLIENT = "com.github.dockerjava.core.DockerClientImpl";
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+" + Pattern.quote(CLIENT) + "(\\s|$)",
            Pattern.MULTILINE);

    private Nexcage nx;

    @BeforeEach
    void newDaemon() throws Exception {
        Engine.require();
        nx = Nexcage.create("nxwarm");
    }

    @AfterEach
    void closeDaemon() {
        nx.close();
    }

    private void warmUp(String when) {
        nx.writeConfig("plugins:\n  docker:\n    config:\n      warm_up: " + when + "\n");
    }

    private void awaitHealthy() {
        Nexcage.await("a healthy docker backend", Nexcage.START_WAIT, () -> nx.run("backend", "list", "--json").out(),
                Engine::dockerHealthy);
    }

    /** docker-java clients on the daemon's heap, after the full GC that the histogram runs. */
    private long clients() {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Path out = Files.createTempFile(nx.base, "histogram", ".txt");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(nx.pid()), "GC.class_histogram")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("jcmd GC.class_histogram within 60 s").isTrue();
            String text = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("jcmd GC.class_histogram: %s", text).isZero();
            Matcher m = ROW.matcher(text);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Test
    void activationMakesDockerJavasClientsBeforeAnyCommandAndLazyLeavesThemToTheFirst() {
        warmUp("activation");
        nx.start();
        awaitHealthy();
        Nexcage.await("docker-java's clients made by the warm-up, with no container command yet", Nexcage.WAIT, this::clients,
                n -> n > 0);

        nx.stop();
        warmUp("lazy");
        nx.start();
        awaitHealthy();
        assertThat(clients()).as("docker-java clients of an idle daemon with warm_up: lazy").isZero();
        assertThat(nx.run("list").exit()).isZero();
        assertThat(clients()).as("made by the first container command").isPositive();
    }

    @Test
    void anotherValueIsRefusedInOneLineAndTheLastGoodOneStays() {
        nx.start();
        awaitHealthy();
        warmUp("eager");
        Nexcage.Result r = nx.run("config", "reload");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("plugin docker refused its configuration: warm_up 'eager' is not a warm-up setting; write lazy")
                .hasLineCount(1);
        assertThat(nx.run("list").exit()).as("the backend runs on").isZero();
    }
}
