package nexcage.plugintest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ControlClientTest {

    @Test
    void writesTheLaunchersRequestLine() {
        assertThat(ControlClient.request(Path.of("/w"), List.of("hello", "a \"b\"\n")))
                .isEqualTo("{\"argv\":[\"hello\",\"a \\\"b\\\"\\u000a\"],\"cwd\":\"/w\",\"tty\":false,\"mode\":\"command\"}\n");
    }

    @Test
    void collectsStdoutStderrAndTheExitStatus() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        frame(out, '1', "Hello, ");
        frame(out, '2', "warn\n");
        frame(out, '1', "World!\n");
        frame(out, 'x', "0");
        CommandResult r = ControlClient.readAnswer(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
        assertThat(r).isEqualTo(new CommandResult(0, "Hello, World!\n", "warn\n"));
        assertThat(r.ok()).isTrue();
        assertThat(r.outLines()).containsExactly("Hello, World!");
    }

    @Test
    void anAnswerWithoutExitStatusIsAnError() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        frame(new DataOutputStream(b), '1', "half");
        assertThatThrownBy(() -> ControlClient.readAnswer(new DataInputStream(new ByteArrayInputStream(b.toByteArray()))))
                .isInstanceOf(IOException.class).hasMessageContaining("closed the connection");
    }

    private static void frame(DataOutputStream out, char type, String payload) throws IOException {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        out.writeByte(type);
        out.writeInt(p.length);
        out.write(p);
    }
}
