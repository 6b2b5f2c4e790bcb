package nexcage.core.internal.control;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

import nexcage.core.internal.daemon.Daemon;

/**
 * An interactive Gogo session over a control connection ({@code nexcage shell}): full control of
 * the runtime. NexCage's scopes come first in the command search order, before felix and gogo.
 */
final class GogoShell {
    static final String SCOPE = "nexcage:plugin:x:*";

    private final CommandProcessor processor;
    private final Daemon daemon;

    GogoShell(CommandProcessor processor, Daemon daemon) {
        this.processor = processor;
        this.daemon = daemon;
    }

    void run(InputStream in, OutputStream rawOut) {
        PrintStream out = new PrintStream(rawOut, true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(in, out, out)) {
            session.put("SCOPE", SCOPE);
            out.println("NexCage " + daemon.runtimeVersion() + " Gogo shell. This shell has full control of the runtime. "
                    + "Try plugin:list; 'exit' or Ctrl-D leaves.");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            while (true) {
                out.print("g! ");
                out.flush();
                String line = reader.readLine();
                if (line == null || line.trim().equals("exit") || line.trim().equals("quit")) {
                    break;
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Object result = session.execute(line);
                    if (result != null) {
                        out.println(session.format(result, Converter.INSPECT));
                    }
                } catch (Exception e) {
                    out.println("gogo: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                out.flush();
            }
        } catch (java.io.IOException | RuntimeException e) {
            daemon.log().warn("shell", "shell session ended: " + e);
        }
    }
}
