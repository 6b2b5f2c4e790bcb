package nexcage.core.internal.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import nexcage.core.internal.command.UsageException;

/** Flags and positional words of a built-in command; an unknown flag is a usage error. */
final class Options {
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    static Options parse(List<String> args, String... knownFlags) {
        Set<String> known = Set.of(knownFlags);
        Options o = new Options();
        for (String a : args) {
            if (a.startsWith("-") && a.length() > 1) {
                if (!known.contains(a)) {
                    throw new UsageException("unknown option '" + a + "'" + (known.isEmpty() ? "" : "; known here: " + String.join(" ", known)));
                }
                o.flags.add(a);
            } else {
                o.positional.add(a);
            }
        }
        return o;
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    List<String> positional() {
        return positional;
    }

    String positional(int i) {
        return positional.get(i);
    }

    void expectExactly(int n, String usage) {
        if (positional.size() != n) {
            throw new UsageException("usage: nexcage " + usage);
        }
    }

    void expectAtMost(int n, String usage) {
        if (positional.size() > n) {
            throw new UsageException("usage: nexcage " + usage);
        }
    }
}
