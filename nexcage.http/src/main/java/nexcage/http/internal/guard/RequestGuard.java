package nexcage.http.internal.guard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

import nexcage.api.hooks.HookDispatcher;
import nexcage.api.hooks.HookNames;
import nexcage.api.hooks.HookResult;
import nexcage.core.admin.SecurityCheck;

/**
 * Who may make an API request, decided before any route runs (for the API's own routes and for
 * plugins' alike): the bearer token first (401), then every security extension with the action
 * {@code api.METHOD} on the path (403 naming the extension), then the {@code api.pre_request}
 * handlers (403 with the veto's reason). Fires {@code api.authentication}, {@code
 * api.authorization} and {@code api.pre_request} on the way in, and {@code api.post_request} (and
 * {@code api.request_error} for 4xx and 5xx) when the answer is out.
 */
public final class RequestGuard {
    /** The principal a request with the right token is, in hooks and for the security extensions. */
    public static final String PRINCIPAL = "api-token";
    private static final String BEARER = "bearer ";

    /** One request as the guard sees it. */
    public record Request(String method, String path, String remote, String authorization, boolean tls) {
    }

    /** Admitted (status 0, with the principal), or refused with an HTTP status and the sentence the caller reads. */
    public record Decision(int status, String principal, String error) {
        public boolean admitted() {
            return status == 0;
        }
    }

    private final HookDispatcher hooks;
    private final SecurityCheck security;
    private volatile byte[] token;

    public RequestGuard(String token, HookDispatcher hooks, SecurityCheck security) {
        this.hooks = hooks;
        this.security = security;
        token(token);
    }

    public void token(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public Decision admit(Request r) {
        String presented = bearer(r.authorization());
        boolean ok = presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
        fire(HookNames.API_AUTHENTICATION, "method", r.method(), "path", r.path(), "remote", r.remote(), "scheme", "token",
                "principal", ok ? PRINCIPAL : "", "result", ok ? "ok" : "refused");
        if (!ok) {
            return new Decision(401, "", presented == null
                    ? "this API needs a bearer token: send 'Authorization: Bearer TOKEN' with the token kept in $NEXCAGE_STATE/api.token"
                    : "the bearer token is not the API's; send the token kept in $NEXCAGE_STATE/api.token");
        }
        String action = "api." + r.method();
        SecurityCheck.Refusal refusal = security.active() ? security.check(credentials(r), action, r.path()) : null;
        fire(HookNames.API_AUTHORIZATION, "principal", PRINCIPAL, "action", action, "resource", r.path(), "result",
                refusal == null ? "allowed" : "refused", "by", refusal == null ? "" : refusal.extension());
        if (refusal != null) {
            return new Decision(403, PRINCIPAL, refusal.message());
        }
        HookResult pre = fire(HookNames.API_PRE_REQUEST, "method", r.method(), "path", r.path(), "remote", r.remote(), "principal", PRINCIPAL);
        if (pre.vetoed()) {
            return new Decision(403, PRINCIPAL, r.method() + " " + r.path() + ": " + pre.message());
        }
        return new Decision(0, PRINCIPAL, null);
    }

    /** After the answer: {@code api.post_request}, and {@code api.request_error} when it is 4xx or 5xx. */
    public void finished(Request r, String principal, int status, String error, long durationMs) {
        fire(HookNames.API_POST_REQUEST, "method", r.method(), "path", r.path(), "principal", principal, "status", Integer.toString(status),
                "duration_ms", Long.toString(durationMs));
        if (status >= 400) {
            fire(HookNames.API_REQUEST_ERROR, "method", r.method(), "path", r.path(), "principal", principal, "status", Integer.toString(status),
                    "error", error == null ? "" : error);
        }
    }

    /** What the security extensions are told of an API caller, and what container operations it runs are checked with. */
    public static Map<String, String> credentials(Request r) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("source", "http");
        c.put("remote", r.remote());
        c.put("user", PRINCIPAL);
        c.put("scheme", r.tls() ? "https" : "http");
        return c;
    }

    static String bearer(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String t = authorization.substring(BEARER.length()).trim();
        return t.isEmpty() ? null : t;
    }

    private HookResult fire(String hook, String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return hooks.fire(hook, "core", m);
    }
}
