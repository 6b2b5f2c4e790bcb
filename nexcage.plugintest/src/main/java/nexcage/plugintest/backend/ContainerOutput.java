package nexcage.plugintest.backend;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** What a container wrote to its output and error, kept apart, read as text. */
final class ContainerOutput {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
