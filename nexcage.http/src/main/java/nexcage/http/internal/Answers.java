package nexcage.http.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** How the API writes its answers: JSON, and on an error {@code {"error": "..."}}, the sentence kept for {@code api.request_error}. */
final class Answers {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The request attribute holding an answered error's sentence, for the hooks fired after it. */
    static final String ERROR = "nexcage.api.error";

    private Answers() {
    }

    static void json(HttpServletResponse resp, int status, String body) throws IOException {
        resp.setStatus(status);
        if (status == HttpServletResponse.SC_NO_CONTENT) {
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static void object(HttpServletResponse resp, int status, Map<String, ?> value) throws IOException {
        json(resp, status, JSON.writeValueAsString(value) + "\n");
    }

    static void error(HttpServletRequest req, HttpServletResponse resp, int status, String error) throws IOException {
        req.setAttribute(ERROR, error);
        object(resp, status, Map.of("error", error));
    }
}
