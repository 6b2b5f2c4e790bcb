package nexcage.core.internal.containers;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.validation.Validation;
import nexcage.api.validation.ValidationException;
import nexcage.core.internal.command.CommandGroup;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.CommandRow;
import nexcage.core.internal.command.CommandRow.Section;
import nexcage.core.internal.command.TextTable;
import nexcage.core.internal.containers.ContainerService.BackendState;
import nexcage.core.internal.containers.ContainerService.Client;
import nexcage.core.internal.containers.ContainerService.Found;
import nexcage.core.internal.containers.ContainerService.NewContainer;
import nexcage.core.internal.containers.ContainerService.Target;
import nexcage.core.internal.security.SecurityGate;

/**
 * The container commands of DESIGN §8: their words are read and checked with the seed's rules
 * before anything reaches an engine (exit 2), then the {@link ContainerService} does the work
 * (backend, hooks, labels, failures) and what it returns is printed.
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

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ContainerService containers;
    private final SecuredOperations secured;

    @Activate
    public ContainerCommands(@Reference ContainerService containers, @Reference SecurityGate gate) {
        this.containers = containers;
        this.secured = new SecuredOperations(gate, containers);
    }

    /** A usage error: exit 2 with this sentence. */
    static final class Usage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Usage(String message) {
            super(message);
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
                case "stop":
                case "kill":
                case "delete":
                    return each(cmd, args, io);
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
        } catch (ContainerFailure e) {
            io.err().println("nexcage " + cmd + ": " + e.getMessage());
            return e.status();
        }
    }

    private static Client client(CommandIO io) {
        return new Client(io.out(), io.err(), io.signals());
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

    /** {@code create} and {@code run}: attached (without {@code -d}) a run prints the output and exits with the container's code. */
    private int create(List<String> args, CommandIO io, boolean run) throws ContainerFailure {
        ContainerArgs p = ContainerArgs.parse(run ? ContainerSyntax.RUN : ContainerSyntax.CREATE, args);
        String rawId = p.value(null, "--name");
        if (rawId == null) {
            throw new Usage("--name ID is required, e.g. nexcage " + (run ? "run" : "create") + " --name web1 busybox echo hi");
        }
        String id = id(rawId);
        String image = p.words.isEmpty() ? null : p.words.get(0);
        image(image);
        NewContainer c = new NewContainer(id, image, Validation.commandArgs(p.tail), p.value(null, "--backend"), p.flag("--rm"),
                network(p.value(null, "--network")));
        secured.check(io.caller(), run ? "run" : "create", c);
        if (run && !p.flag("-d", "--detach")) {
            return containers.runAttached(c, client(io));
        }
        io.out().println((run ? containers.runDetached(c) : containers.create(c)).id());
        return 0;
    }

    /** {@code --network}: none or host, or absent (null) for the backend's default. */
    private static String network(String n) {
        if (n != null && !n.equals(ContainerSpec.NETWORK_NONE) && !n.equals(ContainerSpec.NETWORK_HOST)) {
            throw new Usage("--network takes none (loopback only) or host (the host's network); without it the container"
                    + " gets the backend's default; got '" + n + "'");
        }
        return n;
    }

    /** What start, stop, kill or delete does to one container. */
    @FunctionalInterface
    private interface Action {
        void apply(Target t) throws ContainerFailure;
    }

    /**
     * start, stop, kill and delete: each ID in turn, as docker does, printing each one done. All IDs
     * and options are checked before any container is touched; one that fails does not stop the rest.
     */
    private int each(String cmd, List<String> args, CommandIO io) throws ContainerFailure {
        ContainerArgs p = ContainerArgs.parse(switch (cmd) {
            case "start" -> ContainerSyntax.START;
            case "stop" -> ContainerSyntax.STOP;
            case "kill" -> ContainerSyntax.KILL;
            default -> ContainerSyntax.DELETE;
        }, args).expectWords(1, Integer.MAX_VALUE);
        List<String> ids = p.words.stream().map(ContainerCommands::id).toList();
        Action action = action(cmd, p);
        String explicit = p.value(null, "--backend");
        if (explicit != null) {
            containers.requireBackend(explicit); // an unknown backend is said once, not once per ID
        }
        int status = 0;
        for (String id : ids) {
            try {
                Target t = new Target(id, explicit);
                secured.check(io.caller(), cmd, t);
                action.apply(t);
                io.out().println(id);
            } catch (ContainerFailure e) {
                io.err().println("nexcage " + cmd + ": " + e.getMessage());
                status = e.status();
            }
        }
        return status;
    }

    private Action action(String cmd, ContainerArgs p) {
        switch (cmd) {
            case "start":
                return containers::start;
            case "stop": {
                int seconds = seconds(p.value("10", "-t", "--time"));
                return t -> containers.stop(t, seconds);
            }
            case "kill": {
                String sig = Signals.name(p.value("KILL", "-s", "--signal"));
                return t -> containers.kill(t, sig);
            }
            default: {
                boolean force = p.flag("-f", "--force");
                return t -> containers.delete(t, force);
            }
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
    static Object shortImage(Object image) {
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

    private int list(List<String> args, CommandIO io) throws ContainerFailure {
        ContainerArgs p = ContainerArgs.parse(ContainerSyntax.LIST, args).expectWords(0, 0);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Found f : containers.list(p.value(null, "--backend"), p.flag("--all", "-a"))) {
            rows.add(row(f));
        }
        if (p.flag("--json")) {
            print(io, rows);
            return 0;
        }
        TextTable t = new TextTable("ID", "IMAGE", "STATUS", "BACKEND", "CREATED");
        rows.forEach(r -> t.row(r.get("id"), shortImage(r.get("image")), r.get("status"), r.get("backend"), r.get("created")));
        t.print(io.out());
        return 0;
    }

    private static Map<String, Object> row(Found f) {
        ContainerInfo c = f.info();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.id());
        m.put("image", c.image());
        m.put("status", c.status().id());
        m.put("backend", c.backend() == null ? f.backend() : c.backend());
        m.put("created", c.created() == null ? null : DateTimeFormatter.ISO_INSTANT.format(c.created().truncatedTo(ChronoUnit.SECONDS)));
        m.put("engine_id", c.engineId());
        return m;
    }

    private int info(List<String> args, CommandIO io) throws ContainerFailure {
        ContainerArgs p = ContainerArgs.parse(ContainerSyntax.INFO, args).expectWords(1, 1);
        Found f = containers.info(new Target(id(p.words.get(0)), p.value(null, "--backend")));
        ContainerInfo c = f.info();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("oci_version", "1.0.2");
        m.put("id", c.id());
        m.put("status", c.status().id());
        m.put("pid", c.pid());
        m.put("image", c.image());
        m.put("backend", c.backend() == null ? f.backend() : c.backend());
        m.put("exit_code", c.exitCode());
        Map<String, String> annotations = new TreeMap<>(c.labels());
        m.put("annotations", annotations);
        if (p.flag("--json")) {
            print(io, m);
            return 0;
        }
        TextTable t = new TextTable("FIELD", "VALUE");
        m.forEach((k, v) -> {
            if (v != annotations) {
                t.row(k, v == null ? "-" : v);
            }
        });
        annotations.forEach((k, v) -> t.row("annotation " + k, v));
        t.print(io.out());
        return 0;
    }

    private int exec(List<String> args, CommandIO io) throws ContainerFailure {
        ContainerArgs p = ContainerArgs.parse(ContainerSyntax.EXEC, args);
        if (p.words.isEmpty() || p.tail.isEmpty()) {
            throw new Usage("usage: " + ContainerSyntax.EXEC.usage() + ", e.g. nexcage exec web1 ls /");
        }
        Target t = new Target(id(p.words.get(0)), p.value(null, "--backend"));
        secured.check(io.caller(), "exec", t);
        return containers.exec(t, Validation.commandArgs(p.tail), client(io));
    }

    private int logs(List<String> args, CommandIO io) throws ContainerFailure {
        ContainerArgs p = ContainerArgs.parse(ContainerSyntax.LOGS, args).expectWords(1, 1);
        Target t = new Target(id(p.words.get(0)), p.value(null, "--backend"));
        int tail = lines(p.value("all", "-n", "--tail"));
        secured.check(io.caller(), "logs", t);
        containers.logs(t, p.flag("-f", "--follow"), tail, client(io));
        return 0;
    }

    /** {@code backend list [--json]}: each backend with its health, checked now. */
    private int backendList(List<String> args, CommandIO io) {
        ContainerArgs p = ContainerArgs.parse(ContainerSyntax.BACKEND_LIST, args).expectWords(0, 0);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BackendState b : containers.backends()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", b.name());
            m.put("plugin", b.plugin());
            m.put("health", b.health().state().id());
            m.put("version", b.health().version());
            m.put("reason", b.health().reason());
            m.put("description", b.description());
            rows.add(m);
        }
        if (p.flag("--json")) {
            print(io, rows);
            return 0;
        }
        TextTable t = new TextTable("NAME", "PLUGIN", "HEALTH", "VERSION", "REASON", "DESCRIPTION");
        rows.forEach(r -> t.row(r.get("name"), r.get("plugin"), r.get("health"), r.get("version"), r.get("reason"), r.get("description")));
        t.print(io.out());
        return 0;
    }

    private static void print(CommandIO io, Object value) {
        try {
            io.out().println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
