package nexcage.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nexcage.core.internal.daemon.DaemonLog;

/** The guard around each checker and listener of config changes: one that throws never keeps the others from being called. */
class ConfigWhiteboardTest {
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final ConfigWhiteboard whiteboard = new ConfigWhiteboard(
            new DaemonLog(DaemonLog.Level.INFO, new PrintStream(console, true, StandardCharsets.UTF_8)));
    private final ConfigDocument doc = ConfigDocument.absent(Path.of("/nowhere/config.yaml"));

    private String logged() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aListenerThatThrowsIsLoggedWithItsCauseAndTheNextIsStillTold() {
        List<ConfigDocument> told = new ArrayList<>();
        whiteboard.add(current -> {
            throw new IllegalStateException("listener broke");
        }, doc);
        whiteboard.add(told::add, doc);
        whiteboard.applied(doc);
        assertThat(told).as("told once when bound and once when applied").containsExactly(doc, doc);
        assertThat(logged()).contains("ERROR").contains("[config]").contains("listener broke")
                .contains("the other listeners were still told").contains("at nexcage.core.internal.config.ConfigWhiteboardTest");
    }

    @Test
    void aCheckerThatThrowsDoesNotRefuseAndTheNextIsAsked() {
        whiteboard.add(new ConfigChecker() {
            @Override
            public String check(String plugin, Map<String, Object> config) {
                throw new IllegalArgumentException("checker broke");
            }

            @Override
            public void reloaded(String plugin, Map<String, Object> config) {
                throw new IllegalArgumentException("reload broke");
            }
        });
        List<String> reloaded = new ArrayList<>();
        whiteboard.add(new ConfigChecker() {
            @Override
            public String check(String plugin, Map<String, Object> config) {
                return config.containsKey("bad") ? "bad is not allowed" : null;
            }

            @Override
            public void reloaded(String plugin, Map<String, Object> config) {
                reloaded.add(plugin);
            }
        });
        assertThat(whiteboard.refusal("hello", Map.of("good", 1))).isNull();
        assertThat(whiteboard.refusal("hello", Map.of("bad", 1))).isEqualTo("bad is not allowed");
        whiteboard.reloaded("hello", Map.of("good", 1));
        assertThat(reloaded).containsExactly("hello");
        assertThat(logged()).contains("checker broke").contains("reload broke");
    }

    @Test
    void aRemovedListenerIsNoLongerTold() {
        List<ConfigDocument> told = new ArrayList<>();
        ConfigListener l = told::add;
        whiteboard.add(l, doc);
        whiteboard.remove(l);
        whiteboard.applied(doc);
        assertThat(told).hasSize(1);
    }
}
