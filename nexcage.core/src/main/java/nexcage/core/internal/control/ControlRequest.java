package nexcage.core.internal.control;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One request line of the control protocol: {@code {"argv": [...], "cwd": "...", "tty": false,
 * "mode": "command"|"shell"}}. A line that is not such an object, or whose fields are ill-typed
 * (a null argument, a NUL byte, a relative cwd), is refused with a sentence, never with a stack
 * trace.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ControlRequest(List<String> argv, String cwd, boolean tty, String mode) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USE_OUR_CLIENT = "; use the nexcage client of the daemon's version";

    /** The request of this line, checked; {@code argv} is never null afterwards. */
    static ControlRequest parse(byte[] line) throws RequestRefused {
        ControlRequest req;
        try {
            req = JSON.readValue(line, ControlRequest.class);
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw bad("the request is not a JSON line {\"argv\": [...], \"cwd\": \"/...\"} (" + why + ")");
        }
        if (req == null) {
            throw bad("the request is JSON null, not {\"argv\": [...]}");
        }
        List<String> argv = req.argv() == null ? List.of() : req.argv();
        for (int i = 0; i < argv.size(); i++) {
            if (argv.get(i) == null) {
                throw bad("argument " + (i + 1) + " of the request is null, not a string");
            }
            if (argv.get(i).indexOf('\0') >= 0) {
                throw bad("argument " + (i + 1) + " of the request holds a NUL byte, which no command line can");
            }
        }
        if (req.cwd() != null && (req.cwd().indexOf('\0') >= 0 || !req.cwd().startsWith("/"))) {
            throw bad("the request's cwd is not an absolute path without NUL bytes");
        }
        if (req.mode() != null && !req.mode().equals("command") && !req.shell()) {
            throw bad("the request's mode is neither command nor shell");
        }
        return new ControlRequest(List.copyOf(argv), req.cwd(), req.tty(), req.mode());
    }

    private static RequestRefused bad(String sentence) {
        return new RequestRefused(sentence + USE_OUR_CLIENT, RequestRefused.BAD_REQUEST);
    }

    boolean shell() {
        return "shell".equals(mode);
    }
}
