package nexcage.http.internal.routes;

import java.util.List;
import java.util.Locale;

/**
 * A command's exit status (DESIGN §8) as an HTTP status: 0 the route's success, 2 (usage) 400, and
 * 1 by what its one-line error says: a security extension's refusal 403, a plugin or container
 * that is not there 404, otherwise 409 for a change (the container's state or a hook refused it)
 * and 500 for a read. Every other status (125: the engine) is 500.
 */
public final class Statuses {
    private static final List<String> NOT_FOUND = List.of("there is no container", "no plugin named", "no such ", "no integration named",
            "not found");

    private Statuses() {
    }

    public static int of(int exit, String error, int success, boolean change) {
        if (exit == 0) {
            return success;
        }
        if (exit == 2) {
            return 400;
        }
        if (exit != 1) {
            return 500;
        }
        String e = error == null ? "" : error.toLowerCase(Locale.ROOT);
        if (e.contains("refused by security extension")) {
            return 403;
        }
        if (NOT_FOUND.stream().anyMatch(e::contains)) {
            return 404;
        }
        return change ? 409 : 500;
    }

    /** The first line the command wrote to stderr, as the CLI shows it, or a sentence when it wrote none. */
    public static String errorLine(String stderr, int exit) {
        if (stderr != null) {
            for (String line : stderr.split("\n")) {
                if (!line.isBlank()) {
                    return line.strip();
                }
            }
        }
        return "the command failed with exit status " + exit + " and said nothing; see the daemon log";
    }
}
