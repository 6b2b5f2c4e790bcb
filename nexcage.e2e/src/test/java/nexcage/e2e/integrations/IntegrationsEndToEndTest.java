package nexcage.e2e.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Paths;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;
import nexcage.e2e.integrations.fixture.EchoIntegration;

/**
 * An integration through the launcher (issue 18, DESIGN §8): a plugin's {@code IntegrationExtension}
 * is listed connected by {@code integration list --json}, answers {@code integration send}, and the
 * command's mistakes exit 2 (bad JSON) and 1 (no such integration).
 */
class IntegrationsEndToEndTest {
    private Nexcage nx;

    @AfterEach
    void stop() {
        if (nx != null) {
            nx.stopAndClose();
        }
    }

    @Test
    void anIntegrationIsListedConnectedAndAnswersARequest() throws Exception {
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxint"));
        EchoIntegrationJar.build().writeTo(nx.plugins().resolve("echo-integration-1.0.0.nexcage-plugin"));
        nx.start();

        JsonNode echo = Nexcage.await("integration list to show echo connected", Nexcage.START_WAIT,
                () -> nx.json("integration", "list", "--json"), l -> l.size() == 1 && l.get(0).get("state").asText().equals("connected"))
                .get(0);
        assertThat(echo.get("name").asText()).isEqualTo(EchoIntegration.NAME);
        assertThat(echo.get("plugin").asText()).isEqualTo("echo-integration");
        assertThat(echo.get("version").asText()).isEqualTo("1.0.0");
        assertThat(echo.get("description").asText()).isEqualTo("answers with what it was sent");
        assertThat(echo.get("reason").isNull()).isTrue();
        assertThat(echo.has("health")).isTrue();

        Nexcage.Result sent = nx.run("integration", "send", "echo", "{\"ping\": \"x\", \"n\": 2}");
        assertThat(sent.exit()).as(sent.toString()).isZero();
        assertThat(Nexcage.JSON.readTree(sent.out())).isEqualTo(Nexcage.JSON.readTree("{\"echo\": {\"ping\": \"x\", \"n\": 2}}"));

        Nexcage.Result bad = nx.run("integration", "send", "echo", "{ping");
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.errLines()).singleElement().asString().contains("not a JSON object");
        Nexcage.Result unknown = nx.run("integration", "send", "nope", "{}");
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(1);
        assertThat(unknown.errLines()).singleElement().asString().contains("no integration is named 'nope'");

        Nexcage.Result table = nx.run("integration", "list");
        assertThat(table.out()).contains("NAME").contains("echo-integration").contains("connected");
        assertThat(nx.run("help").out()).contains("integration send NAME JSON");
    }
}
