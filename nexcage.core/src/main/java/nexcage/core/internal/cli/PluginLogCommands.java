package nexcage.core.internal.cli;

import static nexcage.core.internal.command.CommandRow.Section.PLUGINS;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.core.internal.command.ClientSignals;
import nexcage.core.internal.command.CommandGroup;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.CommandRow;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.LogFollower;
import nexcage.core.internal.daemon.LogLine;
import nexcage.core.internal.daemon.PluginLevels;
import nexcage.core.internal.plugins.PluginRegistry;

/**
 * A plugin's log on the command line: {@code logs --plugin NAME} prints (and with {@code -f}
 * follows) its file, {@code $NEXCAGE_STATE/logs/plugins/NAME.log}; {@code --plugin-debug NAME
 * [COMMAND...]} raises the plugin's level and streams its lines to the client's stderr while
 * COMMAND runs in the same request, or until the client leaves. {@code logs ID} stays with the
 * container commands: the router gives this group only the {@code logs} lines with {@code --plugin}.
 */
@Component(service = CommandGroup.class)
public class PluginLogCommands implements CommandGroup {

    static final List<CommandRow> COMMAND_ROWS = List.of(
            CommandRow.of(PLUGINS, "logs --plugin", "logs --plugin NAME [-f] [-n N|all] [--level LEVEL] [--json]",
                    "a plugin's log: its own lines and the core's about it; -f follows it, --json prints JSON Lines"),
            CommandRow.of(PLUGINS, "--plugin-debug", "--plugin-debug NAME [COMMAND ...]",
                    "NAME's log at debug level (trace if NEXCAGE_LOG_LEVEL=trace), on stderr while COMMAND runs, or until Ctrl-C"));

    /** How often a follower looks whether its client left, when no line comes. */
    private static final long POLL_MS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Daemon daemon;
    private final PluginRegistry registry;
    private volatile Runner runner;

    @Activate
    public PluginLogCommands(@Reference Daemon daemon, @Reference PluginRegistry registry) {
        this.daemon = daemon;
        this.registry = registry;
    }

    @Override
    public List<CommandRow> rows() {
        return COMMAND_ROWS;
    }

    @Override
    public void runOthersWith(Runner r) {
        this.runner = r;
    }

    @Override
    public int run(String command, List<String> args, CommandIO io) {
        try {
            return command.equals("logs") ? logs(args, io) : debug(args, io);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int logs(List<String> args, CommandIO io) throws IOException, InterruptedException {
        PluginLogRequest q = PluginLogRequest.parse(args);
        if (q.help()) {
            io.out().print(PluginLogRequest.HELP);
            return 0;
        }
        String name = q.plugin();
        if (registry.byName(name).isEmpty() && !daemon.log().hasPluginLog(name)) {
            return noPlugin(io, "logs", name, " and no log of one");
        }
        if (!q.follow()) {
            q.select(daemon.log().pluginLines(name)).forEach(l -> print(l, q.json(), io.out()));
            return 0;
        }
        AtomicBoolean left = new AtomicBoolean();
        try (LogFollower f = daemon.log().follow(name, true);
                ClientSignals.Forwarding watch = io.signals().onHangUp(() -> left.set(true))) {
            q.select(f.history()).forEach(l -> print(l, q.json(), io.out()));
            io.out().flush();
            stream(f, q::shows, q.json(), io.out(), io.err(), () -> left.get() || io.signals().hungUp());
        }
        return 0;
    }

    private int debug(List<String> args, CommandIO io) throws IOException, InterruptedException {
        PluginDebugRequest q = PluginDebugRequest.parse(args);
        if (q.help()) {
            io.out().print(PluginDebugRequest.HELP);
            return 0;
        }
        String name = q.plugin();
        if (registry.byName(name).isEmpty()) {
            return noPlugin(io, "--plugin-debug", name, "");
        }
        AtomicBoolean left = new AtomicBoolean();
        try (LogFollower f = daemon.log().follow(name, false);
                PluginLevels.Raise raise = daemon.log().levels().raise(name, q.level());
                ClientSignals.Forwarding watch = io.signals().onHangUp(() -> left.set(true))) {
            daemon.log().about(name).info("cli", "a client debugs plugin " + name + " at level " + q.level().id());
            if (q.command().isEmpty()) {
                io.err().println("nexcage: the log of plugin " + name + " at level " + q.level().id() + " follows; Ctrl-C ends it");
                io.err().flush();
                stream(f, l -> true, false, io.err(), io.err(), () -> left.get() || io.signals().hungUp());
                return 0;
            }
            return runWhileStreaming(f, q.command(), io, left);
        } finally {
            daemon.log().about(name).info("cli", "a client stopped debugging plugin " + name);
        }
    }

    private static int noPlugin(CommandIO io, String command, String name, String more) {
        io.err().println("nexcage: " + command + ": no plugin named '" + name + "'" + more + "; 'nexcage plugin list' shows the plugins there are");
        return 1;
    }

    /** Runs the command on this thread while another streams the plugin's lines; the lines logged meanwhile are all out before it returns. */
    private int runWhileStreaming(LogFollower f, List<String> command, CommandIO io, AtomicBoolean left) throws InterruptedException {
        AtomicBoolean done = new AtomicBoolean();
        Thread pump = new Thread(() -> {
            try {
                stream(f, l -> true, false, io.err(), io.err(), () -> done.get() || left.get());
            } catch (InterruptedException e) {
                // the command's end: what is left is drained below
            }
        }, "nexcage-plugin-debug-" + f.plugin());
        pump.setDaemon(true);
        pump.start();
        try {
            return runner.run(command, io);
        } finally {
            daemon.log().awaitPending();
            done.set(true);
            pump.join(TimeUnit.SECONDS.toMillis(5));
            for (LogLine l = f.poll(); l != null; l = f.poll()) {
                print(l, false, io.err());
            }
            io.err().flush();
        }
    }

    /** Prints what the follower gets until {@code stop} says so; polls so that a client that left is seen within {@link #POLL_MS}. */
    private static void stream(LogFollower f, Predicate<LogLine> shown, boolean json, PrintStream out, PrintStream err,
            BooleanSupplier stop) throws InterruptedException {
        while (!stop.getAsBoolean()) {
            LogLine l = f.poll(POLL_MS, TimeUnit.MILLISECONDS);
            long dropped = f.takeDropped();
            if (dropped > 0) {
                err.println("nexcage: " + dropped + " lines of plugin " + f.plugin() + " were left out here: they came faster than "
                        + "this client read them (its log file has them)");
            }
            if (l != null && shown.test(l)) {
                print(l, json, out);
                out.flush();
            }
        }
    }

    private static void print(LogLine l, boolean json, PrintStream out) {
        if (!json) {
            out.print(l.text());
            return;
        }
        try {
            out.println(JSON.writeValueAsString(l.json()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
