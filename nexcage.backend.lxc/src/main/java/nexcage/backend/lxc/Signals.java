package nexcage.backend.lxc;

import java.util.List;
import java.util.Locale;

/** Linux signal names and numbers, as {@code docker kill -s} takes them: a name in any case, with or without SIG, or 1-64. */
final class Signals {
    // index = number; 32 and 33 are glibc's own, RTMIN is 34
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
            "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
            "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    static final int KILL = 9;
    static final int TERM = 15;

    private Signals() {
    }

    /** The signal's number; a blank one is KILL, as with {@code docker kill}. */
    static int number(String signal) {
        if (signal == null || signal.isBlank()) {
            return KILL;
        }
        String s = signal.strip().toUpperCase(Locale.ROOT);
        if (s.chars().allMatch(Character::isDigit) && s.length() <= 2) {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 64) {
                return n;
            }
        }
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        switch (s) {
            case "IOT":
                return 6;
            case "POLL":
                return 29;
            case "CLD":
                return 17;
            case "RTMIN":
                return 34;
            case "RTMAX":
                return 64;
            default:
                break;
        }
        if (s.matches("RTMIN\\+\\d{1,2}") && Integer.parseInt(s.substring(6)) <= 30) {
            return 34 + Integer.parseInt(s.substring(6));
        }
        if (s.matches("RTMAX-\\d{1,2}") && Integer.parseInt(s.substring(6)) <= 30) {
            return 64 - Integer.parseInt(s.substring(6));
        }
        int i = NAMES.indexOf(s);
        if (i > 0) {
            return i;
        }
        throw new IllegalArgumentException("unknown signal " + signal.strip()
                + "; give a name such as TERM, HUP or KILL, or a number from 1 to 64");
    }
}
