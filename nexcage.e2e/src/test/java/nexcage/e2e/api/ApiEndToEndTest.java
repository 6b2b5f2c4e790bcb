package nexcage.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;

/**
 * The HTTP API of a real daemon started through ./nexcage with runtime.api.listen (DESIGN §8, "HTTP
 * API"): it answers what the CLI's --json says, only with the token in the state directory, fires
 * the api.* hooks (a fixture plugin's handlers write what they saw, and veto one path), serves a
 * plugin's route when it declares api_server and not otherwise, and a bad setting is one line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiEndToEndTest {
    private static Nexcage nx;
    private static ApiClient api;
    private static Path hookLog;
    private static int port;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        nx = Nexcage.withHello("nxapi");
        hookLog = nx.base.resolve("api-hooks.log");
        ApiClient.probe("api-probe", "api_server", hookLog, "/fixture/hello").writeTo(nx.plugins().resolve("api-probe-1.0.0.nexcage-plugin"));
        ApiClient.probe("sneaky", "logging", null, "/fixture/sneaky").writeTo(nx.plugins().resolve("sneaky-1.0.0.nexcage-plugin"));
        port = freePort();
        nx.writeConfig("runtime:\n  api:\n    listen: 127.0.0.1:" + port + "\n");
        nx.start();
        nx.awaitState("api-probe", "active");
        nx.awaitState("sneaky", "active");
        api = ApiClient.of(nx, port).awaitServing();
    }

    @AfterAll
    static void stop() {
        if (nx != null) {
            nx.stopAndClose();
        }
    }

    @Test
    @Order(1)
    void theTokenIsKeptPrivateInTheStateDirectory() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nx.state.resolve("api.token")))).isEqualTo("rw-------");
        assertThat(api.token()).hasSizeGreaterThan(30);
    }

    @Test
    @Order(2)
    void getPluginsIsWhatPluginListJsonSays() throws Exception {
        HttpResponse<String> r = api.get("/v1/plugins");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(Nexcage.JSON.readTree(r.body())).isEqualTo(nx.json("plugin", "list", "--json"));
        HttpResponse<String> info = api.get("/v1/plugins/hello");
        JsonNode cli = nx.json("plugin", "info", "hello", "--json");
        assertThat(Nexcage.JSON.readTree(info.body()).get("name")).isEqualTo(cli.get("name"));
        assertThat(Nexcage.JSON.readTree(info.body()).get("capabilities")).isEqualTo(cli.get("capabilities"));
        assertThat(Nexcage.JSON.readTree(api.get("/v1/backends").body())).isEqualTo(nx.json("backend", "list", "--json"));
        assertThat(Nexcage.JSON.readTree(api.get("/v1/integrations").body())).isEqualTo(nx.json("integration", "list", "--json"));
    }

    @Test
    @Order(3)
    void withoutTheTokenOrWithAnotherOneIs401() {
        HttpResponse<String> none = api.send("GET", "/v1/plugins", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertThat(none.body()).contains("\"error\"").contains("api.token");
        assertThat(api.send("GET", "/v1/plugins", "not-the-token", null).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(4)
    void aMissingPluginIs404WithTheClisSentence() {
        HttpResponse<String> r = api.get("/v1/plugins/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("no plugin named 'nope'");
    }

    @Test
    @Order(5)
    void theApiHooksFireAroundEachRequest() {
        api.get("/v1/hooks");
        api.get("/v1/plugins/nope");
        api.send("GET", "/v1/backends", null, null);
        String seen = Nexcage.await("the probe to see the api.* hooks", Nexcage.WAIT, () -> read(hookLog),
                t -> t.contains("api.request_error") && t.contains("result=refused"));
        assertThat(seen).contains("api.authentication {method=GET, path=/v1/hooks, principal=api-token, remote=127.0.0.1, result=ok, scheme=token}");
        assertThat(seen).contains("api.authorization {action=api.GET, by=, principal=api-token, resource=/v1/hooks, result=allowed}");
        assertThat(seen).contains("api.pre_request {method=GET, path=/v1/hooks, principal=api-token, remote=127.0.0.1}");
        assertThat(seen).containsPattern("api.post_request \\{duration_ms=\\d+, method=GET, path=/v1/hooks, principal=api-token, status=200\\}");
        assertThat(seen).contains("api.request_error {error=nexcage: no plugin named 'nope'");
        assertThat(seen).contains("path=/v1/backends, principal=, remote=127.0.0.1, result=refused");
    }

    @Test
    @Order(6)
    void aVetoingPreRequestHandlerGives403WithItsReason() {
        HttpResponse<String> r = api.get("/v1/plugins/veto-me");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("vetoed by api-probe: the probe vetoes /v1/plugins/veto-me");
    }

    @Test
    @Order(7)
    void aPluginsRouteIsServedBehindTheTokenOnlyWithApiServer() throws Exception {
        HttpResponse<String> hello = api.get("/fixture/hello");
        assertThat(hello.statusCode()).as(hello.body()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("hello from api-probe");
        assertThat(api.send("GET", "/fixture/hello", null, null).statusCode()).isEqualTo(401);
        assertThat(api.get("/fixture/sneaky").statusCode()).isEqualTo(404);
        JsonNode v = Nexcage.await("a violation of sneaky", Nexcage.WAIT, () -> nx.json("plugin", "violations", "sneaky", "--json"),
                l -> l.size() > 0);
        assertThat(v.get(0).get("kind").asText()).isEqualTo("capability");
        assertThat(v.get(0).get("capability").asText()).isEqualTo("api_server");
        assertThat(v.get(0).get("operation").asText()).isEqualTo("http.route");
    }

    @Test
    @Order(8)
    void aBadSettingIsOneLineAndLosesNothing() throws Exception {
        nx.writeConfig("runtime:\n  api:\n    listen: 127.0.0.1:99999\n");
        assertThat(nx.run("config", "reload").exit()).isEqualTo(1);
        assertThat(api.get("/v1/plugins").statusCode()).as("the last good setting stays").isEqualTo(200);

        nx.writeConfig("runtime:\n  api:\n    listen: 127.0.0.1:" + port + "\n    tls:\n      cert: /nonexistent/api.pem\n      key: /nonexistent/api.key\n");
        assertThat(nx.run("config", "reload").exit()).isZero();
        String line = "runtime.api.tls.cert /nonexistent/api.pem does not exist";
        Nexcage.await("one line about the certificate", Nexcage.WAIT, () -> nx.daemonLog(), t -> t.contains(line));
        assertThat(nx.daemonLog().lines().filter(l -> l.contains("nexcage.http") && l.contains("/nonexistent")).count()).isEqualTo(1);
        assertThat(nx.alive()).isTrue();
        assertThat(nx.run("hello", "World").exit()).isZero();

        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nx.writeConfig("runtime:\n  api:\n    listen: 127.0.0.1:" + taken.getLocalPort() + "\n");
            assertThat(nx.run("config", "reload").exit()).isZero();
            String taken1 = "runtime.api.listen 127.0.0.1:" + taken.getLocalPort() + ": cannot listen there";
            Nexcage.await("one line about the taken port", Nexcage.WAIT, () -> nx.daemonLog(), t -> t.contains(taken1));
            assertThat(nx.daemonLog().lines().filter(l -> l.contains(":" + taken.getLocalPort())).count()).isEqualTo(1);
        }
        nx.writeConfig("runtime:\n  api:\n    listen: 127.0.0.1:" + port + "\n");
        assertThat(nx.run("config", "reload").exit()).isZero();
        api.awaitServing();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static Path tmp() throws IOException {
        return Files.createTempDirectory(Paths.get("/tmp"), "nxapi");
    }
}
