package nexcage.http.internal.routes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusesTest {

    @Test
    void successIsTheRoutesStatusAndUsageIs400() {
        assertThat(Statuses.of(0, "", 201, true)).isEqualTo(201);
        assertThat(Statuses.of(2, "nexcage: unknown option", 200, false)).isEqualTo(400);
    }

    @Test
    void aFailureIsReadFromItsSentence() {
        assertThat(Statuses.of(1, "nexcage: no plugin named 'x'; ...", 200, false)).isEqualTo(404);
        assertThat(Statuses.of(1, "nexcage delete: there is no container web1 on this engine", 204, true)).isEqualTo(404);
        assertThat(Statuses.of(1, "nexcage create: web1: refused by security extension image-policy (plugin image-policy) ...", 201, true))
                .isEqualTo(403);
        assertThat(Statuses.of(1, "nexcage start: web1: vetoed by audit-hooks: no", 200, true)).isEqualTo(409);
        assertThat(Statuses.of(1, "nexcage: internal error", 200, false)).isEqualTo(500);
        assertThat(Statuses.of(125, "engine", 200, true)).isEqualTo(500);
    }

    @Test
    void theErrorIsTheFirstLineTheCommandWrote() {
        assertThat(Statuses.errorLine("\nnexcage: no plugin named 'x'\nmore\n", 1)).isEqualTo("nexcage: no plugin named 'x'");
        assertThat(Statuses.errorLine("", 1)).contains("exit status 1");
    }
}
