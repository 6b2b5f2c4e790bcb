package nexcage.core.admin;

import java.util.List;
import java.util.Map;

/**
 * Runs one command line as the CLI does, for another runtime bundle (the HTTP API): the same
 * router, the same {@code cli.*} hooks, the same security extensions on container operations,
 * and so the same output, byte for byte.
 */
public interface CommandLine {

    /** A finished command: its exit status (DESIGN §8) and what it wrote to stdout and stderr. */
    record Result(int status, String out, String err) {
    }

    /**
     * Runs argv (never re-parsed by a shell) for a caller known by {@code caller}, the credentials
     * security extensions are given (e.g. {@code source=http, remote=127.0.0.1, user=api-token}).
     */
    Result run(List<String> argv, Map<String, String> caller);
}
