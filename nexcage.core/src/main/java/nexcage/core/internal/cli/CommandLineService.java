package nexcage.core.internal.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.core.admin.CommandLine;
import nexcage.core.internal.command.ClientSignals;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.daemon.Daemon;

/** {@link CommandLine} through the {@link CommandRouter}, with the output kept in memory (no terminal, no client signals). */
@Component(service = CommandLine.class)
public class CommandLineService implements CommandLine {

    private final CommandRouter router;
    private final Daemon daemon;

    @Activate
    public CommandLineService(@Reference CommandRouter router, @Reference Daemon daemon) {
        this.router = router;
        this.daemon = daemon;
    }

    @Override
    public Result run(List<String> argv, Map<String, String> caller) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = router.run(List.copyOf(argv), new CommandIO(o, e, daemon.paths().state(), false, ClientSignals.NONE, caller));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
