package nexcage.core.internal.containers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;
import nexcage.api.hooks.HookNames;
import nexcage.api.hooks.HookResult;
import nexcage.api.validation.Validation;
import nexcage.api.validation.ValidationException;
import nexcage.core.internal.command.ClientSignals;
import nexcage.core.internal.command.CommandGroup;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.CommandRow;
import nexcage.core.internal.command.CommandRow.Section;
import nexcage.core.internal.config.ConfigService;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.hooks.CoreHooks;
import nexcage.core.internal.plugins.PluginRegistry;
import nexcage.core.internal.plugins.PluginState;

/**
 * The container commands of DESIGN §8: arguments are checked with the seed's rules before
 * anything reaches an engine (exit 2), the backend is chosen by {@code --backend}, routing rules
 * or the default, and every operation fires its {@code container.pre_*} hook (a veto stops it)
 * and {@code container.post_*}.
 */
@Component(service = CommandGroup.class)
public class ContainerCommands implements CommandGroup {

    /** The rows of the command table; the synopses are the commands' own usage lines. */
    static final List<CommandRow> COMMAND_ROWS = List.of(
            row("run", ContainerSyntax.RUN, "create and start; attached unless -d"),
            row("create", ContainerSyntax.CREATE, "create, not started yet"),
            row("start", ContainerSyntax.START, "start each container"),
            row("stop", ContainerSyntax.STOP, "stop each container: TERM, then KILL after S seconds"),
            row("kill", ContainerSyntax.KILL, "send each container a signal (default KILL)"),
            row("delete", ContainerSyntax.DELETE, "remove each container; a running one only with -f"),
            row("list", ContainerSyntax.LIST, "the containers NexCage made; --all adds the engine's others"),
            row("info", ContainerSyntax.INFO, "one container's state, OCI-like"),
            row("exec", ContainerSyntax.EXEC, "run CMD in a running container"),
            row("logs", ContainerSyntax.LOGS, "a container's output; -f follows it"),
            row("backend list", ContainerSyntax.BACKEND_LIST, "each backend with its health"));

    private static CommandRow row(String words, ContainerArgs.Syntax syntax, String summary) {
        return CommandRow.of(Section.CONTAINERS, words, syntax.usage().substring("nexcage ".length()), summary);
    }

    @Override
    public List<CommandRow> rows() {
        return COMMAND_ROWS;
    }

    /** Docker's own status for a failure of the engine or of NexCage around an attached process. */
    static final int ENGINE_ERROR = 125;
    /** Stands for an attached run without {@code --rm} whose client went away: no exit code is negative. */
    private static final int CLIENT_LEFT = -1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Daemon daemon;
    private final BackendRegistry backends;
    private final ConfigService config;
    private final CoreHooks hooks;
    private final PluginRegistry plugins;

    @Activate
    public ContainerCommands(@Reference Daemon daemon, @Reference BackendRegistry backends, @Reference ConfigService config,
            @Reference CoreHooks hooks, @Reference PluginRegistry plugins) {
        this.daemon = daemon;
        this.backends = backends;
        this.config = config;
        this.hooks = hooks;
        this.plugins = plugins;
    }

    /** A usage error: exit 2 with this sentence. */
    static final class Usage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Usage(String message) {
            super(message);
        }
    }

    /** An operation was stopped or failed; the message is for the user. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Failed(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** Runs one container command; returns the exit status. */
    @Override
    public int run(String cmd, List<String> args, CommandIO io) {
        try {
            switch (cmd) {
                case "create":
                    return create(args, io, false);
                case "run":
                    return create(args, io, true);
                case "start":
                    return each(cmd, ContainerArgs.parse(ContainerSyntax.START, args), io);
                case "stop":
                    return each(cmd, ContainerArgs.parse(ContainerSyntax.STOP, args), io);
                case "kill":
                    return each(cmd, ContainerArgs.parse(ContainerSyntax.KILL, args), io);
                case "delete":
                    return each(cmd, ContainerArgs.parse(ContainerSyntax.DELETE, args), io);
                case "list":
                    return list(args, io);
                case "info":
                    return info(args, io);
                case "exec":
                    return exec(args, io);
                case "logs":
                    return logs(args, io);
                case "backend":
                    if (args.isEmpty() || !args.get(0).equals("list")) {
                        ContainerArgs.parse(ContainerSyntax.BACKEND_LIST, args); // answers --help
                        throw new Usage("usage: " + ContainerSyntax.BACKEND_LIST.usage());
                    }
                    return backendList(args.subList(1, args.size()), io);
                default:
                    throw new Usage("'" + cmd + "' is not a container command");
            }
        } catch (ContainerArgs.HelpAsked help) {
            io.out().println(help.getMessage());
            return 0;
        } catch (Usage | ValidationException e) {
            io.err().println("nexcage " + cmd + ": " + e.getMessage());
            return 2;
        } catch (Failed e) {
            io.err().println("nexcage " + cmd + ": " + e.getMessage());
            return e.status;
        }
    }

    /** A backend by its name in the registry. */
    private record Chosen(String name, ContainerBackend backend) {
    }

    /** The backend a new container goes to: {@code --backend}, else the first matching rule, else the default. */
    private Chosen routed(String id, String explicit, int failStatus) throws Failed {
        String name = Routing.backendFor(id, explicit, config.runtime());
        BackendRegistry.Entry e = backends.get(name).orElse(null);
        if (e == null) {
            List<String> names = backends.names();
            String source = Routing.source(id, explicit, config.runtime());
            throw new Failed(explicit != null ? 2 : failStatus, names.isEmpty()
                    ? "no container backend is available (backend '" + name + "' was asked for); enable the docker plugin with "
                            + "'nexcage plugin enable docker' or install a backend plugin"
                    : "there is no backend '" + name + "'" + (source == null ? "" : " (named by " + source + ")")
                            + "; the available backends are " + String.join(", ", names)
                            + (source == null ? "" : ": fix config.yaml, or pass --backend " + names.get(0)));
        }
        return new Chosen(name, e.backend());
    }

    /**
     * The backend an existing container is on: where {@link #routed} sends its id, but when
     * config.yaml names a backend that is not there (a typo, a new rule), the container is looked
     * for on the backends that are, so that running containers stay manageable.
     */
    private Chosen existing(String id, String explicit, int failStatus) throws Failed {
        if (explicit == null && backends.get(Routing.backendFor(id, null, config.runtime())).isEmpty()) {
            for (Map.Entry<String, BackendRegistry.Entry> e : backends.all().entrySet()) {
                try {
                    e.getValue().backend().info(id);
                    return new Chosen(e.getKey(), e.getValue().backend());
                } catch (BackendException notThere) {
                    // not on this one (or it does not answer): the next
                }
            }
        }
        return routed(id, explicit, failStatus); // on no backend: says which name is missing, and where it came from
    }

    private void pre(String hook, int failStatus, String... metadata) throws Failed {
        HookResult r = hooks.fire(hook, metadata);
        if (r.vetoed()) {
            throw new Failed(failStatus, r.message());
        }
    }

    private Failed failed(BackendException e, int status, String backend) {
        if (e.reason() == BackendException.Reason.ENGINE_UNAVAILABLE) {
            backends.get(backend).ifPresent(backends::check);
        }
        return new Failed(status, e.getMessage());
    }

    private static String id(String raw) {
        return Validation.containerId(raw);
    }

    private static void image(String image) {
        if (image == null || image.isEmpty()) {
            throw new Usage("an IMAGE is needed after the options, e.g. nexcage run --name web1 busybox echo hi");
        }
        if (image.length() > 256 || !image.matches("[A-Za-z0-9][A-Za-z0-9._/:@+-]*")) {
            throw new Usage("image '" + image + "' is not an image reference; write it as NAME[:TAG], e.g. busybox:latest");
        }
    }

    private Map<String, String> labels(String backend) {
        StringBuilder versions = new StringBuilder();
        plugins.all().stream().filter(v -> v.state() == PluginState.ACTIVE).forEach(v -> versions
                .append(versions.length() == 0 ? "" : ",").append(v.name()).append('=').append(v.version()));
        Map<String, String> l = new LinkedHashMap<>();
        l.put("nexcage.managed", "true");
        l.put("nexcage.backend", backend);
        l.put("nexcage.version", daemon.runtimeVersion().toString());
        l.put("nexcage.plugins", versions.toString());
        return l;
    }

    private int create(List<String> args, CommandIO io, boolean run) throws Failed {
        ContainerArgs p = ContainerArgs.parse(run ? ContainerSyntax.RUN : ContainerSyntax.CREATE, args);
        String rawId = p.value(null, "--name");
        if (rawId == null) {
            throw new Usage("--name ID is required, e.g. nexcage " + (run ? "run" : "create") + " --name web1 busybox echo hi");
        }
        String id = id(rawId);
        String image = p.words.isEmpty() ? null : p.words.get(0);
        image(image);
        List<String> command = Validation.commandArgs(p.tail);
        boolean detach = p.flag("-d", "--detach");
        boolean rm = p.flag("--rm");
        // as with docker: run fails with 125 (attached or not), create with 1
        int fail = run ? ENGINE_ERROR : 1;
        Chosen chosen = routed(id, p.value(null, "--backend"), fail);
        String backendName = chosen.name();
        ContainerBackend b = chosen.backend();
        String cmdText = String.join(" ", command);
        CompletableFuture<ContainerStatus> runOver = new CompletableFuture<>();
        // as docker run does without a TTY, the signals the client of an attached run gets (Ctrl-C) go to the
        // container; those that come before it runs (hooks, create, start) are held until it does
        ClientSignals.Forwarding forwarding = run && !detach ? io.signals().forward("stopped waiting for " + id
                + "; if it runs, follow it with 'nexcage logs -f " + id + "' or stop it with 'nexcage stop " + id + "'",
                sig -> passOn(sig, id, backendName, b, io, runOver)) : () -> { };
        try {
            pre(HookNames.CONTAINER_PRE_CREATE, fail, "container_id", id, "backend", backendName, "image", image, "command", cmdText);
            ContainerInfo created;
            try {
                // --rm is the engine's auto-remove, as with docker run: it holds when the daemon or the backend stops mid-run
                created = b.create(new ContainerSpec(id, image, command, labels(backendName), rm));
            } catch (BackendException e) {
                throw failed(e, fail, backendName);
            }
            hooks.fire(HookNames.CONTAINER_POST_CREATE, "container_id", id, "backend", backendName, "image", image, "command", cmdText,
                    "engine_id", created.engineId());
            if (!run) {
                io.out().println(id);
                return 0;
            }
            try {
                pre(HookNames.CONTAINER_PRE_START, fail, "container_id", id, "backend", backendName, "image", image);
            } catch (Failed vetoed) {
                if (rm) {
                    // never started, so the engine's auto-remove will not act
                    String kept = removeQuietly(id, backendName, b);
                    if (!kept.isEmpty()) {
                        daemon.log().info("containers", "run --rm " + id + " was vetoed before its start" + kept);
                    }
                }
                throw vetoed;
            }
            if (detach) {
                try {
                    b.start(id);
                } catch (BackendException e) {
                    throw failed(e, fail, backendName);
                }
                hooks.fire(HookNames.CONTAINER_POST_START, "container_id", id, "backend", backendName, "image", image);
                io.out().println(id);
                return 0;
            }
            int exit;
            try {
                if (io.signals().hungUp()) {
                    return notStarted(id, backendName, b, rm);
                }
                // with --rm the daemon still waits for the exit once the client has gone, so that post_stop and
                // post_delete fire; without it, nothing is left to do for a client that has gone
                Runnable started = () -> hooks.fire(HookNames.CONTAINER_POST_START, "container_id", id, "backend", backendName,
                        "image", image);
                exit = rm ? b.startAttached(id, streaming(io.out()), streaming(io.err()), started)
                        : untilHangUp(io, CLIENT_LEFT, () -> b.startAttached(id, streaming(io.out()), streaming(io.err()), started));
            } catch (BackendException e) {
                throw failed(e, ENGINE_ERROR, backendName);
            } finally {
                io.out().flush();
            }
            if (exit == CLIENT_LEFT) {
                daemon.log().info("containers", "run " + id + ": the client went away, so the daemon stopped waiting; the container"
                        + " goes on running ('nexcage logs -f " + id + "' follows it)");
                return 128 + 2;
            }
            hooks.fire(HookNames.CONTAINER_POST_STOP, "container_id", id, "backend", backendName, "exit_code", Integer.toString(exit));
            if (rm) {
                // the backend returned once the engine had removed it
                hooks.fire(HookNames.CONTAINER_POST_DELETE, "container_id", id, "backend", backendName);
            }
            return exit;
        } finally {
            runOver.complete(ContainerStatus.STOPPED);
            forwarding.close();
        }
    }

    /**
     * The client of an attached run went away (Ctrl-C, a closed terminal) before its container
     * started: nobody would see its output, so it is not started; with {@code --rm} it is removed.
     */
    private int notStarted(String id, String backendName, ContainerBackend b, boolean rm) {
        String kept = rm ? removeQuietly(id, backendName, b) : "";
        daemon.log().info("containers", "run " + id + ": the client went away before the start, so the container was not started"
                + (rm && kept.isEmpty() ? " and was removed" : kept));
        return 128 + 2;
    }

    /** Removes the never-started container of a {@code run --rm}; returns "" or why it was kept, for the log. */
    private String removeQuietly(String id, String backendName, ContainerBackend b) {
        try {
            removeAfterRun(id, backendName, b);
            return "";
        } catch (Failed | BackendException e) {
            return "; it was kept: " + e.getMessage();
        }
    }

    /** Removes the container of a {@code run --rm} that never started (the engine's auto-remove acts on an exit), hooks included. */
    private void removeAfterRun(String id, String backendName, ContainerBackend b) throws Failed, BackendException {
        pre(HookNames.CONTAINER_PRE_DELETE, ENGINE_ERROR, "container_id", id, "backend", backendName);
        b.delete(id, true);
        hooks.fire(HookNames.CONTAINER_POST_DELETE, "container_id", id, "backend", backendName);
    }

    /** What {@code kill -s SIG} does, hooks included. */
    private void signal(String sig, String id, String backendName, ContainerBackend b) throws Failed, BackendException {
        pre(HookNames.CONTAINER_PRE_STOP, 1, "container_id", id, "backend", backendName, "signal", sig);
        b.kill(id, sig);
        hooks.fire(HookNames.CONTAINER_POST_STOP, "container_id", id, "backend", backendName, "signal", sig);
    }

    /**
     * A signal of the client of an attached run, passed on to its container as {@code kill -s SIG}
     * would, once the container runs: a Ctrl-C typed just after {@code nexcage run} means to stop
     * what is about to run. One that has ended, or never ran, gets nothing, as with docker run.
     */
    private void passOn(String sig, String id, String backendName, ContainerBackend b, CommandIO io,
            CompletableFuture<ContainerStatus> runOver) {
        if (!awaitRunning(id, backendName, b, runOver)) {
            return;
        }
        try {
            signal(sig, id, backendName, b);
        } catch (Failed vetoed) {
            io.err().println("nexcage run: SIG" + sig + " was not passed on to " + id + ": " + vetoed.getMessage());
        } catch (BackendException e) {
            // not running any more: it has just ended, as with docker run
            if (e.reason() != BackendException.Reason.NOT_RUNNING) {
                io.err().println("nexcage run: SIG" + sig + " could not be passed on to " + id + ": " + e.getMessage());
            }
        }
    }

    /**
     * True once the container runs. A container that is still to be created or started is waited
     * for through the engine's own start event (at most 30 s); false if it has ended or the run is
     * over first.
     */
    private boolean awaitRunning(String id, String backendName, ContainerBackend b, CompletableFuture<ContainerStatus> runOver) {
        // listen first, then look: a start between the two is still heard
        CompletableFuture<ContainerStatus> next = backends.nextStatus(backendName, id);
        try {
            ContainerStatus now;
            try {
                now = b.info(id).status();
            } catch (BackendException e) {
                if (e.reason() != BackendException.Reason.NO_SUCH_CONTAINER) {
                    return false;
                }
                now = ContainerStatus.CREATED; // pre_create hooks or the create still run: its start is to come
            }
            if (now == ContainerStatus.CREATED) {
                now = (ContainerStatus) CompletableFuture.anyOf(next, runOver).get(30, TimeUnit.SECONDS);
            }
            return now == ContainerStatus.RUNNING || now == ContainerStatus.PAUSED;
        } catch (ExecutionException | TimeoutException neverStarted) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            next.cancel(false);
        }
    }

    /** What start, stop, kill or delete does to one container, hooks included. */
    @FunctionalInterface
    private interface Action {
        void apply(String id, String backendName, ContainerBackend b) throws Failed, BackendException;
    }

    /**
     * start, stop, kill and delete: each ID in turn, as docker does, printing each one done. All IDs
     * and options are checked before any container is touched; one that fails does not stop the rest.
     */
    private int each(String cmd, ContainerArgs p, CommandIO io) throws Failed {
        p.expectWords(1, Integer.MAX_VALUE);
        List<String> ids = p.words.stream().map(ContainerCommands::id).toList();
        Action action = action(cmd, p);
        String explicit = p.value(null, "--backend");
        if (explicit != null) {
            routed(ids.get(0), explicit, 1); // an unknown backend is said once, not once per ID
        }
        int status = 0;
        for (String id : ids) {
            try {
                Chosen c = existing(id, explicit, 1);
                try {
                    action.apply(id, c.name(), c.backend());
                } catch (BackendException e) {
                    throw failed(e, 1, c.name());
                }
                io.out().println(id);
            } catch (Failed e) {
                io.err().println("nexcage " + cmd + ": " + e.getMessage());
                status = e.status;
            }
        }
        return status;
    }

    private Action action(String cmd, ContainerArgs p) {
        switch (cmd) {
            case "start":
                return (id, backendName, b) -> {
                    pre(HookNames.CONTAINER_PRE_START, 1, "container_id", id, "backend", backendName);
                    b.start(id);
                    hooks.fire(HookNames.CONTAINER_POST_START, "container_id", id, "backend", backendName);
                };
            case "stop": {
                String t = p.value("10", "-t", "--time");
                int seconds = seconds(t);
                return (id, backendName, b) -> {
                    pre(HookNames.CONTAINER_PRE_STOP, 1, "container_id", id, "backend", backendName, "timeout", t);
                    try {
                        b.stop(id, seconds);
                    } catch (BackendException e) {
                        // as with docker stop, stopping a container that is already stopped succeeds
                        if (e.reason() != BackendException.Reason.NOT_RUNNING) {
                            throw e;
                        }
                    }
                    hooks.fire(HookNames.CONTAINER_POST_STOP, "container_id", id, "backend", backendName);
                };
            }
            case "kill": {
                String sig = Signals.name(p.value("KILL", "-s", "--signal"));
                return (id, backendName, b) -> signal(sig, id, backendName, b);
            }
            case "delete": {
                boolean force = p.flag("-f", "--force");
                return (id, backendName, b) -> {
                    pre(HookNames.CONTAINER_PRE_DELETE, 1, "container_id", id, "backend", backendName);
                    b.delete(id, force);
                    hooks.fire(HookNames.CONTAINER_POST_DELETE, "container_id", id, "backend", backendName);
                };
            }
            default:
                throw new Usage("'" + cmd + "' is not a container command");
        }
    }

    /** The lines of {@code logs -n}: a count, or {@code all} (also any negative count) as -1; more than there can be is all. */
    private static int lines(String n) {
        if (n.equals("all")) {
            return -1;
        }
        if (!n.matches("[+-]?[0-9]+")) {
            throw new Usage("-n takes a number of lines or 'all', e.g. -n 20; got '" + n + "'");
        }
        if (n.startsWith("-")) {
            return -1;
        }
        return n.replaceFirst("^\\+?0*", "").length() > 9 ? -1 : Integer.parseInt(n);
    }

    /** An image shown by its id ({@code sha256:...}, its tag having moved on) is shown with 12 digits, as docker ps does. */
    private static Object shortImage(Object image) {
        return image instanceof String s && s.matches("sha256:[0-9a-f]{64}") ? s.substring(7, 19) : image;
    }

    /** The seconds of {@code stop -t}: 0 to 3600. */
    private static int seconds(String t) {
        if (!t.matches("[0-9]+")) {
            throw new Usage("-t takes whole seconds, e.g. -t 5; got '" + t + "'");
        }
        if (t.length() > 4 || Integer.parseInt(t) > 3600) {
            throw new Usage("-t takes 0 to 3600 seconds; got " + t);
        }
        return Integer.parseInt(t);
    }

    private int list(List<String> args, CommandIO io) throws Failed {
        ContainerArgs p = ContainerArgs.parse(ContainerSyntax.LIST, args).expectWords(0, 0);
        boolean all = p.flag("--all", "-a");
        List<Map<String, Object>> rows = new ArrayList<>();
        String explicit = p.value(null, "--backend");
        List<String> names = explicit != null ? List.of(explicit) : backends.names();
        if (names.isEmpty()) {
            throw new Failed(1, "no container backend is available; enable the docker plugin with 'nexcage plugin enable docker'");
        }
        for (String name : names) {
            ContainerBackend b = routed("x", name, 1).backend();
            try {
                for (ContainerInfo c : b.list(all)) {
                    rows.add(row(c, name));
                }
            } catch (BackendException e) {
                throw failed(e, 1, name);
            }
        }
        if (p.flag("--json")) {
            print(io, rows);
            return 0;
        }
        nexcage.core.internal.command.TextTable t = new nexcage.core.internal.command.TextTable("ID", "IMAGE", "STATUS", "BACKEND", "CREATED");
        rows.forEach(r -> t.row(r.get("id"), shortImage(r.get("image")), r.get("status"), r.get("backend"), r.get("created")));
        t.print(io.out());
        return 0;
    }

    private static Map<String, Object> row(ContainerInfo c, String backend) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.id());
        m.put("image", c.image());
        m.put("status", c.status().id());
        m.put("backend", c.backend() == null ? backend : c.backend());
        m.put("created", c.created() == null ? null : DateTimeFormatter.ISO_INSTANT.format(c.created().truncatedTo(ChronoUnit.SECONDS)));
        m.put("engine_id", c.engineId());
        return m;
    }

    private int info(List<String> args, CommandIO io) throws Failed {
        ContainerArgs p = ContainerArgs.parse(ContainerSyntax.INFO, args).expectWords(1, 1);
        String id = id(p.words.get(0));
        String explicit = p.value(null, "--backend");
        Chosen chosen = existing(id, explicit, 1);
        String backendName = chosen.name();
        ContainerBackend b = chosen.backend();
        ContainerInfo c;
        try {
            c = b.info(id);
        } catch (BackendException e) {
            throw failed(e, 1, backendName);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("oci_version", "1.0.2");
        m.put("id", c.id());
        m.put("status", c.status().id());
        m.put("pid", c.pid());
        m.put("image", c.image());
        m.put("backend", c.backend() == null ? backendName : c.backend());
        m.put("exit_code", c.exitCode());
        Map<String, String> annotations = new java.util.TreeMap<>(c.labels());
        m.put("annotations", annotations);
        if (p.flag("--json")) {
            print(io, m);
            return 0;
        }
        nexcage.core.internal.command.TextTable t = new nexcage.core.internal.command.TextTable("FIELD", "VALUE");
        m.forEach((k, v) -> {
            if (v != annotations) {
                t.row(k, v == null ? "-" : v);
            }
        });
        annotations.forEach((k, v) -> t.row("annotation " + k, v));
        t.print(io.out());
        return 0;
    }

    private int exec(List<String> args, CommandIO io) throws Failed {
        ContainerArgs p = ContainerArgs.parse(ContainerSyntax.EXEC, args);
        if (p.words.isEmpty() || p.tail.isEmpty()) {
            throw new Usage("usage: " + ContainerSyntax.EXEC.usage() + ", e.g. nexcage exec web1 ls /");
        }
        String id = id(p.words.get(0));
        List<String> command = Validation.commandArgs(p.tail);
        String explicit = p.value(null, "--backend");
        Chosen chosen = existing(id, explicit, ENGINE_ERROR);
        String backendName = chosen.name();
        ContainerBackend b = chosen.backend();
        try {
            // as with docker exec, a client that goes away leaves the process running; the daemon stops waiting
            return untilHangUp(io, ENGINE_ERROR, () -> b.exec(id, command, streaming(io.out()), streaming(io.err())));
        } catch (BackendException e) {
            throw failed(e, ENGINE_ERROR, backendName);
        } finally {
            io.out().flush();
        }
    }

    private int logs(List<String> args, CommandIO io) throws Failed {
        ContainerArgs p = ContainerArgs.parse(ContainerSyntax.LOGS, args).expectWords(1, 1);
        String id = id(p.words.get(0));
        int tail = lines(p.value("all", "-n", "--tail"));
        String explicit = p.value(null, "--backend");
        Chosen chosen = existing(id, explicit, 1);
        String backendName = chosen.name();
        ContainerBackend b = chosen.backend();
        boolean follow = p.flag("-f", "--follow");
        try {
            if (follow) {
                untilHangUp(io, null, () -> {
                    b.logs(id, true, tail, streaming(io.out()), streaming(io.err()));
                    return null;
                });
            } else {
                b.logs(id, false, tail, streaming(io.out()), streaming(io.err()));
            }
        } catch (BackendException e) {
            throw failed(e, 1, backendName);
        } finally {
            io.out().flush();
        }
        return 0;
    }

    /** A backend call that streams to the client (and may wait long for output that never comes). */
    @FunctionalInterface
    private interface Streaming<T> {
        T run() throws BackendException;
    }

    /**
     * Runs {@code call}, interrupting it if the client hangs up (Ctrl-C ended it) meanwhile:
     * then {@code ifHungUp} is returned, as nobody is left to read a result or an error.
     */
    private static <T> T untilHangUp(CommandIO io, T ifHungUp, Streaming<T> call) throws BackendException {
        Thread command = Thread.currentThread();
        AtomicBoolean hungUp = new AtomicBoolean();
        try (ClientSignals.Forwarding watch = io.signals().onHangUp(() -> {
            hungUp.set(true);
            command.interrupt();
        })) {
            return call.run();
        } catch (BackendException e) {
            if (hungUp.get()) {
                return ifHungUp;
            }
            throw e;
        } finally {
            if (hungUp.get()) {
                Thread.interrupted(); // the interrupt was for this call only, not for the pooled thread's next client
            }
        }
    }

    /** {@code backend list [--json]}: each backend with its health, checked now. */
    private int backendList(List<String> args, CommandIO io) {
        ContainerArgs p = ContainerArgs.parse(ContainerSyntax.BACKEND_LIST, args).expectWords(0, 0);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, BackendRegistry.Entry> e : backends.all().entrySet()) {
            BackendHealth h = backends.check(e.getValue());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.getKey());
            m.put("plugin", e.getValue().plugin());
            m.put("health", h.state().id());
            m.put("version", h.version());
            m.put("reason", h.reason());
            rows.add(m);
        }
        if (p.flag("--json")) {
            print(io, rows);
            return 0;
        }
        nexcage.core.internal.command.TextTable t = new nexcage.core.internal.command.TextTable("NAME", "PLUGIN", "HEALTH", "VERSION", "REASON");
        rows.forEach(r -> t.row(r.get("name"), r.get("plugin"), r.get("health"), r.get("version"), r.get("reason")));
        t.print(io.out());
        return 0;
    }

    /** Each write goes out at once, so attached output and followed logs stream. */
    private static OutputStream streaming(PrintStream target) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                target.write(b);
                target.flush();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                target.write(b, off, len);
                target.flush();
            }

            @Override
            public void flush() throws IOException {
                target.flush();
            }
        };
    }

    private static void print(CommandIO io, Object value) {
        try {
            io.out().println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
