package nexcage.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nexcage.core.admin.CommandLine;
import nexcage.http.internal.guard.RequestGuard;
import nexcage.http.internal.routes.ApiCall;
import nexcage.http.internal.routes.Routes;
import nexcage.http.internal.routes.Statuses;

/**
 * The API's own routes, under {@code /v1/}: each request becomes the CLI command it mirrors, run
 * through the core's command line with the HTTP caller's credentials, and its output is the answer.
 */
final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 64 * 1024;

    private final transient CommandLine commands;

    ApiServlet(CommandLine commands) {
        this.commands = commands;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> body;
        try {
            // read before the query: asking for parameters would take a form-encoded body (curl -d) as a form
            body = body(req);
        } catch (JsonProcessingException e) {
            Answers.error(req, resp, 400, "the request body is not a JSON object: " + e.getOriginalMessage());
            return;
        }
        String path = req.getRequestURI();
        ApiCall call = Routes.route(req.getMethod(), path, query(req), body);
        if (call.refused()) {
            Answers.error(req, resp, call.errorStatus(), call.error());
            return;
        }
        CommandLine.Result result = commands.run(call.argv(), RequestGuard.credentials(ApiContextHelper.request(req)));
        boolean change = !req.getMethod().equals("GET");
        int status = Statuses.of(result.status(), result.err(), call.successStatus(), change);
        if (status >= 400) {
            Answers.error(req, resp, status, Statuses.errorLine(result.err(), result.status()));
        } else if (call.body() == ApiCall.Body.JSON_OUTPUT) {
            Answers.json(resp, status, result.out());
        } else if (call.body() == ApiCall.Body.ID) {
            Answers.object(resp, status, Map.of("id", call.containerId()));
        } else {
            Answers.json(resp, status, "");
        }
    }

    private static Map<String, String> query(HttpServletRequest req) {
        Map<String, String> q = new HashMap<>();
        req.getParameterMap().forEach((k, v) -> q.put(k, v.length == 0 ? "" : v[0]));
        return q;
    }

    /** The JSON object of a POST, or null when there is no body. */
    private static Map<String, Object> body(HttpServletRequest req) throws IOException {
        if (!req.getMethod().equals("POST")) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new JsonProcessingException("it is longer than " + MAX_BODY + " bytes") {
                private static final long serialVersionUID = 1L;
            };
        }
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        return Answers.JSON.readValue(bytes, new TypeReference<Map<String, Object>>() {
        });
    }
}
