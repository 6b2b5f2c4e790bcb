package nexcage.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/** Runs one Gogo command line in a fresh session and captures what it printed. */
final class Gogo {

    /** What a command line returned and printed (stdout and stderr together, as in a shell). */
    static final class Result {
        final Object value;
        final String output;

        Result(Object value, String output) {
            this.value = value;
            this.output = output;
        }

        @Override
        public String toString() {
            return "value=" + value + ", output:\n" + output;
        }
    }

    private Gogo() {
    }

    static Result run(CommandProcessor processor, String line) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        Object value;
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            value = session.execute(line);
        }
        out.flush();
        return new Result(value, captured.toString(StandardCharsets.UTF_8));
    }
}
