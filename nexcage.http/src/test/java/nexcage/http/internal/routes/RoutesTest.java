package nexcage.http.internal.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RoutesTest {

    private static ApiCall get(String path) {
        return Routes.route("GET", path, Map.of(), null);
    }

    @Test
    void eachReadMirrorsTheCliCommandsJson() {
        assertThat(get("/v1/plugins").argv()).containsExactly("plugin", "list", "--json");
        assertThat(get("/v1/plugins/hello").argv()).containsExactly("plugin", "info", "hello", "--json");
        assertThat(get("/v1/backends").argv()).containsExactly("backend", "list", "--json");
        assertThat(get("/v1/hooks").argv()).containsExactly("hooks", "list", "--json");
        assertThat(get("/v1/images").argv()).containsExactly("image", "list", "--json");
        assertThat(get("/v1/containers").argv()).containsExactly("list", "--json");
        assertThat(get("/v1/containers/web1").argv()).containsExactly("info", "web1", "--json");
        assertThat(get("/v1/integrations").argv()).containsExactly("integration", "list", "--json");
        assertThat(get("/v1/violations").argv()).containsExactly("plugin", "violations", "--json");
        assertThat(get("/v1/plugins/").argv()).containsExactly("plugin", "list", "--json");
        assertThat(get("/v1/plugins").successStatus()).isEqualTo(200);
    }

    @Test
    void queryParametersBecomeTheCommandsOptions() {
        assertThat(Routes.route("GET", "/v1/containers", Map.of("all", "true"), null).argv()).containsExactly("list", "--all", "--json");
        assertThat(Routes.route("GET", "/v1/violations", Map.of("plugin", "hello"), null).argv())
                .containsExactly("plugin", "violations", "hello", "--json");
        assertThat(Routes.route("POST", "/v1/containers/web1/stop", Map.of("t", "3"), null).argv()).containsExactly("stop", "web1", "-t", "3");
        assertThat(Routes.route("DELETE", "/v1/containers/web1", Map.of("force", "true"), null).argv()).containsExactly("delete", "web1", "-f");
        assertThat(Routes.route("GET", "/v1/images", Map.of("backend", "oci"), null).argv())
                .containsExactly("image", "list", "--backend", "oci", "--json");
        // a value that is no name or number is not passed on
        assertThat(Routes.route("POST", "/v1/containers/web1/stop", Map.of("t", "--x"), null).argv()).containsExactly("stop", "web1");
    }

    @Test
    void containerChangesAnswerWithTheirStatus() {
        assertThat(Routes.route("POST", "/v1/containers/web1/start", Map.of(), null).argv()).containsExactly("start", "web1");
        assertThat(Routes.route("POST", "/v1/containers/web1/start", Map.of(), null).containerId()).isEqualTo("web1");
        ApiCall delete = Routes.route("DELETE", "/v1/containers/web1", Map.of(), null);
        assertThat(delete.successStatus()).isEqualTo(204);
        assertThat(delete.body()).isEqualTo(ApiCall.Body.NONE);
    }

    @Test
    void aNameThatCouldBeAnOptionIsNoRoute() {
        ApiCall c = get("/v1/plugins/--help");
        assertThat(c.refused()).isTrue();
        assertThat(c.errorStatus()).isEqualTo(404);
        assertThat(get("/v1/nothing").errorStatus()).isEqualTo(404);
        assertThat(get("/v2/plugins").errorStatus()).isEqualTo(404);
        assertThat(get("/v1/containers/a/b/c").errorStatus()).isEqualTo(404);
        assertThat(get("/v1//plugins").errorStatus()).isEqualTo(404);
    }

    @Test
    void aWrongMethodIs405NamingTheRightOnes() {
        ApiCall c = Routes.route("POST", "/v1/plugins", Map.of(), null);
        assertThat(c.errorStatus()).isEqualTo(405);
        assertThat(c.error()).contains("GET");
        assertThat(Routes.route("PUT", "/v1/containers/web1", Map.of(), null).error()).contains("GET, DELETE");
        assertThat(get("/v1/containers/web1/start").errorStatus()).isEqualTo(405);
    }

    @Test
    void aCreateBodyBecomesTheCreateCommandWithItsImageAfterTheOptions() {
        ApiCall c = Routes.route("POST", "/v1/containers", Map.of(),
                Map.of("name", "web1", "image", "busybox", "backend", "docker", "command", List.of("sleep", "300")));
        assertThat(c.argv()).containsExactly("create", "--name", "web1", "--backend", "docker", "--", "busybox", "sleep", "300");
        assertThat(c.successStatus()).isEqualTo(201);
        assertThat(c.containerId()).isEqualTo("web1");
        assertThat(Routes.route("POST", "/v1/containers", Map.of(), Map.of("name", "a", "image", "-x", "command", "echo hi")).argv())
                .containsExactly("create", "--name", "a", "--", "-x", "echo", "hi");
    }

    @Test
    void aBadCreateBodyIs400NamingTheProblem() {
        assertThat(Routes.route("POST", "/v1/containers", Map.of(), null).errorStatus()).isEqualTo(400);
        assertThat(Routes.route("POST", "/v1/containers", Map.of(), Map.of("image", "busybox")).error()).contains("'name'");
        assertThat(Routes.route("POST", "/v1/containers", Map.of(), Map.of("name", "--rm", "image", "b")).errorStatus()).isEqualTo(400);
        assertThat(Routes.route("POST", "/v1/containers", Map.of(), Map.of("name", "a", "image", "b", "labels", Map.of())).error())
                .contains("'labels' is not a create option");
        assertThat(Routes.route("POST", "/v1/containers", Map.of(), Map.of("name", "a", "image", "b", "command", 3)).errorStatus())
                .isEqualTo(400);
    }
}
