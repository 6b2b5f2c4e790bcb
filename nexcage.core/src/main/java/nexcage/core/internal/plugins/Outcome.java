package nexcage.core.internal.plugins;

import java.util.ArrayList;
import java.util.List;

/** What a plugin operation says to the user: lines for stdout and stderr, and the exit status. */
public final class Outcome {
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private int exit;

    public Outcome say(String line) {
        out.add(line);
        return this;
    }

    public Outcome fail(int status, String line) {
        err.add(line);
        exit = Math.max(exit, status);
        return this;
    }

    public int exit() {
        return exit;
    }

    public List<String> out() {
        return out;
    }

    public List<String> err() {
        return err;
    }
}
