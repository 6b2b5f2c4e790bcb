package nexcage.backend.lxc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What lxc's own log of a container's last start says (the file {@code lxc.log} beside its config,
 * written by lxc-start or lxc-execute at level INFO and emptied before each start): whether the
 * container started, and how its init ended. lxc logs "Child &lt;PID&gt; ended on error (N)" when the
 * init exited with N &gt; 0 and "... ended on signal NAME(N)" when a signal ended it, and nothing when
 * it exited 0; lxc's own init (the command's parent in containers with a command) exits with its
 * command's code, or 128 + the signal that ended it, as Docker's init does.
 */
record RunLog(boolean started, Integer exitCode, List<String> errors) {

    private static final Pattern STARTED = Pattern.compile("started with pid|Started \".*\" with pid");
    private static final Pattern EXITED = Pattern.compile("Child <\\d+> ended on error \\((\\d+)\\)");
    private static final Pattern SIGNALLED = Pattern.compile("Child <\\d+> ended on signal [^(]*\\((\\d+)\\)");
    private static final Pattern ERROR = Pattern.compile("^\\S+ \\S+ \\d+\\.\\d+ ERROR +\\S+ - [^ ]+ - (.*)$");

    RunLog {
        errors = List.copyOf(errors);
    }

    static RunLog parse(String text) {
        boolean started = false;
        Integer code = null;
        List<String> errors = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (STARTED.matcher(line).find()) {
                started = true;
            }
            Matcher m = EXITED.matcher(line);
            if (m.find()) {
                code = Integer.parseInt(m.group(1));
            }
            m = SIGNALLED.matcher(line);
            if (m.find()) {
                code = 128 + Integer.parseInt(m.group(1));
            }
            m = ERROR.matcher(line);
            if (m.find()) {
                errors.add(m.group(1).strip());
            }
        }
        return new RunLog(started, code != null ? code : started ? Integer.valueOf(0) : null, errors);
    }

    /** lxc's first complaint, else null. */
    String firstError() {
        return errors.isEmpty() ? null : errors.get(0);
    }
}
