package nexcage.core.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import nexcage.core.internal.config.RuntimeSettings;

class RoutingTest {
    private static RuntimeSettings settings(RuntimeSettings.Route... routes) {
        return new RuntimeSettings(null, false, null, 100, "docker", List.of(routes));
    }

    @Test
    void explicitBackendWinsThenTheFirstMatchingRuleThenTheDefault() {
        RuntimeSettings s = settings(new RuntimeSettings.Route("db-*", "podman"), new RuntimeSettings.Route("db-main", "lxc"));
        assertThat(Routing.backendFor("db-main", "runc", s)).isEqualTo("runc");
        assertThat(Routing.backendFor("db-main", null, s)).isEqualTo("podman");
        assertThat(Routing.backendFor("web1", null, s)).isEqualTo("docker");
    }

    @Test
    void withoutAnIdTheRulesDoNotApply() {
        RuntimeSettings s = settings(new RuntimeSettings.Route("*", "podman"));
        assertThat(Routing.backendFor(null, null, s)).isEqualTo("docker");
        assertThat(Routing.backendFor(null, "oci", s)).isEqualTo("oci");
        assertThat(Routing.source(null, null, s)).isEqualTo("runtime.default_backend in config.yaml");
    }

    @Test
    void theSourceOfTheNameIsSaidForMessages() {
        RuntimeSettings s = settings(new RuntimeSettings.Route("db-*", "podman"));
        assertThat(Routing.source("db-main", "runc", s)).isNull();
        assertThat(Routing.source("db-main", null, s)).isEqualTo("the runtime.routing rule for 'db-*' in config.yaml");
        assertThat(Routing.source("web1", null, s)).isEqualTo("runtime.default_backend in config.yaml");
    }

    @Test
    void starIsAWildcardAndEverythingElseIsLiteral() {
        assertThat(Routing.matches("db-*", "db-1")).isTrue();
        assertThat(Routing.matches("db-*", "xdb-1")).isFalse();
        assertThat(Routing.matches("*-cache", "redis-cache")).isTrue();
        assertThat(Routing.matches("a.b", "a.b")).isTrue();
        assertThat(Routing.matches("a.b", "axb")).as("a dot is a dot, not any character").isFalse();
        assertThat(Routing.matches("*", "anything")).isTrue();
    }

    @Test
    void slashesMakeAFullRegularExpression() {
        assertThat(Routing.matches("/web[0-9]+/", "web12")).isTrue();
        assertThat(Routing.matches("/web[0-9]+/", "web")).isFalse();
    }
}
