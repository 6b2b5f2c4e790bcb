package nexcage.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;
import nexcage.e2e.api.ApiClient;

/** Container create, start, info, stop and delete over the HTTP API, on the real Docker engine, as the CLI does them. */
class ApiContainersEndToEndTest {
    private static final String P = "nxapi" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private static Nexcage nx;
    private static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        Engine.require();
        nx = new Nexcage(java.nio.file.Files.createTempDirectory(java.nio.file.Paths.get("/tmp"), "nxapic"));
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        nx.writeConfig("runtime:\n  api:\n    listen: 127.0.0.1:" + port + "\n");
        nx.start();
        Nexcage.await("a healthy docker backend", Nexcage.START_WAIT, () -> nx.run("backend", "list", "--json").out(),
                Engine::dockerHealthy);
        api = ApiClient.of(nx, port).awaitServing();
    }

    @AfterAll
    static void stop() throws Exception {
        if (nx != null) {
            nx.stopAndClose();
        }
        Engine.removeAll(P);
    }

    @Test
    void aContainerIsCreatedStartedStoppedAndDeletedOverHttp() throws Exception {
        String id = P + "-web";
        String token = api.token();
        HttpResponse<String> created = api.send("POST", "/v1/containers", token,
                "{\"name\": \"" + id + "\", \"image\": \"" + Engine.IMAGE + "\", \"command\": [\"sleep\", \"300\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(Nexcage.JSON.readTree(created.body()).get("id").asText()).isEqualTo(id);
        assertThat(api.send("POST", "/v1/containers", token, "{\"name\": \"" + id + "\", \"image\": \"" + Engine.IMAGE + "\"}").statusCode())
                .as("the name is taken").isEqualTo(409);

        assertThat(api.send("POST", "/v1/containers/" + id + "/start", token, null).statusCode()).isEqualTo(200);
        HttpResponse<String> info = api.get("/v1/containers/" + id);
        JsonNode viaHttp = Nexcage.JSON.readTree(info.body());
        assertThat(viaHttp.get("status").asText()).isEqualTo("running");
        assertThat(viaHttp).isEqualTo(nx.json("info", id, "--json"));
        assertThat(Nexcage.JSON.readTree(api.get("/v1/containers").body())).isEqualTo(nx.json("list", "--json"));

        assertThat(api.send("POST", "/v1/containers/" + id + "/stop?t=1", token, null).statusCode()).isEqualTo(200);
        assertThat(nx.json("info", id, "--json").get("status").asText()).isEqualTo("stopped");
        HttpResponse<String> deleted = api.send("DELETE", "/v1/containers/" + id, token, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        HttpResponse<String> gone = api.get("/v1/containers/" + id);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("there is no container " + id);
        assertThat(Engine.docker("ps", "-aq", "--filter", "name=^/" + id + "$").out()).isBlank();
    }

    @Test
    void aBadCreateBodyIs400AndMakesNothing() {
        HttpResponse<String> r = api.send("POST", "/v1/containers", api.token(), "{\"name\": \"" + P + "-x\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("'image'");
        assertThat(api.send("POST", "/v1/containers", api.token(), "[1, 2]").statusCode()).isEqualTo(400);
    }
}
