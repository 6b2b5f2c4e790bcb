package nexcage.http.internal.routes;

import java.util.List;

/**
 * What one API request asks for: a command line to run, with the status its success answers and
 * how its output becomes the body; or, for a request no route takes, the status and error at once.
 */
public record ApiCall(List<String> argv, int successStatus, Body body, int errorStatus, String error) {

    /** How the command's output is answered. */
    public enum Body {
        /** The command's stdout as it is: the CLI's {@code --json}. */
        JSON_OUTPUT,
        /** {@code {"id": ...}} of the container named in the request (create, start, stop). */
        ID,
        /** Nothing (204). */
        NONE
    }

    /** True when the request needs no command: it is answered with {@link #errorStatus} and {@link #error}. */
    public boolean refused() {
        return argv == null;
    }

    static ApiCall run(int status, Body body, String... argv) {
        return new ApiCall(List.of(argv), status, body, 0, null);
    }

    static ApiCall run(int status, Body body, List<String> argv) {
        return new ApiCall(List.copyOf(argv), status, body, 0, null);
    }

    static ApiCall refuse(int status, String error) {
        return new ApiCall(null, 0, Body.NONE, status, error);
    }

    /** The container id a command of this call names: after the command word, the last word before options (start, stop, delete) or {@code --name}'s value. */
    public String containerId() {
        int name = argv.indexOf("--name");
        if (name >= 0) {
            return argv.get(name + 1);
        }
        return argv.size() > 1 ? argv.get(1) : null;
    }
}
