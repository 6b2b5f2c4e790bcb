package nexcage.core.internal.containers;

import java.util.Locale;
import java.util.Set;

/** Signal names as {@code kill -s} takes them: checked here, so a typo never reaches the engine. */
final class Signals {
    /** Linux's signals by name, as the docker CLI knows them. */
    private static final Set<String> NAMES = Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO",
            "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN",
            "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ");

    private Signals() {
    }

    /**
     * The signal {@code raw} names, as the engine takes it: a name in any case, with or without
     * {@code SIG} ({@code term}, {@code SIGHUP}, {@code RTMIN+3}), or a number from 1 to 64.
     */
    static String name(String raw) {
        String s = raw.toUpperCase(Locale.ROOT);
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        if (NAMES.contains(s) || s.matches("RTMIN(\\+([1-9]|1[0-5]))?|RTMAX(-([1-9]|1[0-4]))?")) {
            return s;
        }
        if (s.matches("[1-9][0-9]?") && Integer.parseInt(s) <= 64) {
            return s;
        }
        throw new ContainerCommands.Usage("'" + raw + "' is not a signal; give a name such as TERM, HUP or KILL, or a number"
                + " from 1 to 64, e.g. nexcage kill -s TERM web1");
    }
}
