package nexcage.http.internal;

import java.io.IOException;

import org.osgi.framework.Bundle;
import org.osgi.service.servlet.context.ServletContextHelper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nexcage.http.internal.guard.RequestGuard;

/**
 * The whiteboard's {@code default} servlet context, replaced by the API's (highest ranking): every
 * servlet served, the API's own and plugins' routes alike, is behind its {@link #handleSecurity}
 * (the {@link RequestGuard}), and {@link #finishSecurity} fires the hooks after the answer.
 */
final class ApiContextHelper extends ServletContextHelper {
    private static final String STARTED = "nexcage.api.started";
    private static final String PRINCIPAL = "nexcage.api.principal";

    private final RequestGuard guard;

    ApiContextHelper(Bundle bundle, RequestGuard guard) {
        super(bundle);
        this.guard = guard;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long start = System.nanoTime();
        RequestGuard.Request r = request(req);
        RequestGuard.Decision d = guard.admit(r);
        if (d.admitted()) {
            req.setAttribute(STARTED, start);
            req.setAttribute(PRINCIPAL, d.principal());
            req.setAttribute(REMOTE_USER, d.principal());
            req.setAttribute(AUTHENTICATION_TYPE, "Bearer");
            return true;
        }
        if (d.status() == HttpServletResponse.SC_UNAUTHORIZED) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"nexcage\"");
        }
        Answers.error(req, resp, d.status(), d.error());
        resp.flushBuffer();
        guard.finished(r, d.principal(), d.status(), d.error(), millisSince(start));
        return false;
    }

    @Override
    public void finishSecurity(HttpServletRequest req, HttpServletResponse resp) {
        Object start = req.getAttribute(STARTED);
        Object error = req.getAttribute(Answers.ERROR);
        guard.finished(request(req), String.valueOf(req.getAttribute(PRINCIPAL)), resp.getStatus(), error == null ? null : error.toString(),
                start instanceof Long s ? millisSince(s) : 0);
    }

    static RequestGuard.Request request(HttpServletRequest req) {
        return new RequestGuard.Request(req.getMethod(), req.getRequestURI(), req.getRemoteAddr(), req.getHeader("Authorization"), req.isSecure());
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
