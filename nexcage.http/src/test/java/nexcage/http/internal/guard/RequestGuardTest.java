package nexcage.http.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nexcage.api.hooks.HookDispatcher;
import nexcage.api.hooks.HookNames;
import nexcage.api.hooks.HookResult;
import nexcage.core.admin.SecurityCheck;

class RequestGuardTest {
    private final List<String> fired = new ArrayList<>();
    private final List<Map<String, String>> metadata = new ArrayList<>();
    private String veto;
    private SecurityCheck.Refusal refusal;
    private boolean extensions;
    private Map<String, String> askedWith;

    private final HookDispatcher hooks = (hook, source, m) -> {
        fired.add(hook);
        metadata.add(m);
        boolean vetoed = veto != null && hook.equals(HookNames.API_PRE_REQUEST);
        return new HookResult(hook, vetoed, vetoed ? "audit-hooks" : null, veto, m, 1, 0, 0, false);
    };
    private final SecurityCheck security = new SecurityCheck() {
        @Override
        public boolean active() {
            return extensions;
        }

        @Override
        public Refusal check(Map<String, String> credentials, String action, String resource) {
            askedWith = credentials;
            return refusal;
        }
    };
    private final RequestGuard guard = new RequestGuard("s3cret", hooks, security);

    private static RequestGuard.Request get(String authorization) {
        return new RequestGuard.Request("GET", "/v1/plugins", "127.0.0.1", authorization, false);
    }

    @Test
    void theRightTokenIsAdmittedAndTheHooksSayWho() {
        RequestGuard.Decision d = guard.admit(get("Bearer s3cret"));
        assertThat(d.admitted()).isTrue();
        assertThat(d.principal()).isEqualTo(RequestGuard.PRINCIPAL);
        assertThat(fired).containsExactly(HookNames.API_AUTHENTICATION, HookNames.API_AUTHORIZATION, HookNames.API_PRE_REQUEST);
        assertThat(metadata.get(0)).containsEntry("result", "ok").containsEntry("scheme", "token").containsEntry("path", "/v1/plugins");
        assertThat(metadata.get(2)).containsEntry("method", "GET").containsEntry("remote", "127.0.0.1").containsEntry("principal", "api-token");
    }

    @Test
    void noTokenOrAWrongOneIs401AndNothingElseIsAsked() {
        assertThat(guard.admit(get(null)).status()).isEqualTo(401);
        assertThat(guard.admit(get("Bearer nope")).error()).contains("not the API's");
        assertThat(guard.admit(get("Basic czNjcmV0")).status()).isEqualTo(401);
        assertThat(fired).containsOnly(HookNames.API_AUTHENTICATION);
        assertThat(metadata.get(0)).containsEntry("result", "refused").containsEntry("principal", "");
    }

    @Test
    void aSecurityExtensionsRefusalIs403NamingIt() {
        extensions = true;
        refusal = new SecurityCheck.Refusal("image-policy", "refused by security extension image-policy (plugin p) as ...");
        RequestGuard.Decision d = guard.admit(get("bearer s3cret"));
        assertThat(d.status()).isEqualTo(403);
        assertThat(d.error()).contains("image-policy");
        assertThat(askedWith).containsEntry("source", "http").containsEntry("remote", "127.0.0.1").containsEntry("user", "api-token");
        assertThat(metadata.get(1)).containsEntry("result", "refused").containsEntry("by", "image-policy").containsEntry("action", "api.GET");
        assertThat(fired).doesNotContain(HookNames.API_PRE_REQUEST);
    }

    @Test
    void aPreRequestVetoIs403WithItsReason() {
        veto = "read-only hours";
        RequestGuard.Decision d = guard.admit(get("Bearer s3cret"));
        assertThat(d.status()).isEqualTo(403);
        assertThat(d.error()).contains("vetoed by audit-hooks: read-only hours");
    }

    @Test
    void theAnswerFiresPostRequestAndAnErrorAlsoRequestError() {
        guard.finished(get("x"), "api-token", 200, null, 3);
        assertThat(fired).containsExactly(HookNames.API_POST_REQUEST);
        assertThat(metadata.get(0)).containsEntry("status", "200").containsEntry("duration_ms", "3");
        guard.finished(get("x"), "api-token", 404, "no plugin named 'x'", 1);
        assertThat(fired).endsWith(HookNames.API_POST_REQUEST, HookNames.API_REQUEST_ERROR);
        assertThat(metadata.get(2)).containsEntry("error", "no plugin named 'x'").containsEntry("status", "404");
    }
}
