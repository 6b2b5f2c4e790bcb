package nexcage.core.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.core.internal.command.ClientSignals;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.UsageException;
import nexcage.core.internal.integrations.IntegrationState;

/** {@code integration list|send} (DESIGN §8): the JSON, the table and the exit statuses. */
class IntegrationCommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Map<String, Object>> sent = new ArrayList<>();
    private final IntegrationState sink = new IntegrationState("sink", "sinker", IntegrationState.State.CONNECTED, "healthy", null, "1.0.0",
            "pushes metrics");
    private final IntegrationCommands commands = new IntegrationCommands(new IntegrationCommands.Integrations() {
        @Override
        public List<IntegrationState> list() {
            return List.of(sink);
        }

        @Override
        public Map<String, Object> send(String name, Map<String, Object> request) {
            sent.add(request);
            if (request.containsKey("fail")) {
                throw new IllegalStateException("request to integration sink threw IOException: gateway down");
            }
            return Map.of("ok", true);
        }
    });

    private CommandIO io() {
        return new CommandIO(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Path.of("/tmp"), false, ClientSignals.NONE);
    }

    @Test
    void listJsonHasEveryField() throws Exception {
        assertThat(commands.run("integration", List.of("list", "--json"), io())).isZero();
        List<?> parsed = new ObjectMapper().readValue(out.toString(StandardCharsets.UTF_8), List.class);
        assertThat(parsed).singleElement().isEqualTo(new java.util.LinkedHashMap<>(Map.of("name", "sink", "plugin", "sinker", "state",
                "connected", "health", "healthy", "version", "1.0.0", "description", "pushes metrics")) {
            {
                put("reason", null);
            }
        });
    }

    @Test
    void listShowsATable() {
        assertThat(commands.run("integration", List.of("list"), io())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("NAME").contains("sink").contains("sinker").contains("connected");
    }

    @Test
    void sendPrintsTheAnswer() throws Exception {
        assertThat(commands.run("integration", List.of("send", "sink", "{\"query\": \"up\", \"n\": 2}"), io())).isZero();
        assertThat(sent).containsExactly(Map.of("query", "up", "n", 2));
        assertThat(new ObjectMapper().readValue(out.toString(StandardCharsets.UTF_8), Map.class)).isEqualTo(Map.of("ok", true));
    }

    @Test
    void badJsonIsTwoAndAnUnknownNameOrAFailureIsOne() {
        assertThat(commands.run("integration", List.of("send", "sink", "{not json"), io())).isEqualTo(2);
        assertThat(commands.run("integration", List.of("send", "sink", "[1, 2]"), io())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a JSON object");
        err.reset();
        assertThat(commands.run("integration", List.of("send", "nope", "{}"), io())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).trim())
                .isEqualTo("nexcage: no integration is named 'nope'; 'nexcage integration list' shows the integrations there are");
        err.reset();
        assertThat(commands.run("integration", List.of("send", "sink", "{\"fail\": 1}"), io())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).trim()).isEqualTo("nexcage: request to integration sink threw IOException: gateway down");
        assertThat(sent).hasSize(1);
    }

    @Test
    void wrongWordsAreUsageErrors() {
        assertThatThrownBy(() -> commands.run("integration", List.of(), io())).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> commands.run("integration", List.of("send", "sink"), io())).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> commands.run("integration", List.of("list", "x"), io())).isInstanceOf(UsageException.class);
    }
}
