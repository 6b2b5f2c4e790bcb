package {{package}};

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import nexcage.api.cli.CommandContext;

/** A plain unit test: the command without NexCage. */
class {{className}}Test {

    @Test
    void answersWithItsWords() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        CommandContext context = new CommandContext() {
            @Override
            public PrintStream out() {
                return print;
            }

            @Override
            public PrintStream err() {
                return print;
            }

            @Override
            public Path cwd() {
                return Path.of(".");
            }

            @Override
            public boolean tty() {
                return false;
            }
        };

        int exit = new {{className}}().execute(context, List.of("a", "b"));

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{{name}}: a b" + System.lineSeparator());
    }
}
