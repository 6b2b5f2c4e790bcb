package nexcage.core.internal.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.core.internal.command.CommandGroup;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.CommandRow;
import nexcage.core.internal.command.TextTable;
import nexcage.core.internal.command.UsageException;
import nexcage.core.internal.integrations.IntegrationManager;
import nexcage.core.internal.integrations.IntegrationState;

/** {@code nexcage integration list [--json]} and {@code integration send NAME JSON} (DESIGN §8). */
@Component(service = CommandGroup.class)
public class IntegrationCommands implements CommandGroup {
    static final String SEND_USAGE = "integration send NAME JSON";

    static final List<CommandRow> COMMAND_ROWS = List.of(
            CommandRow.of(CommandRow.Section.INTEGRATIONS, "integration list", "integration list [--json]",
                    "the integrations plugins registered, with their connection state and health"),
            CommandRow.of(CommandRow.Section.INTEGRATIONS, "integration send", SEND_USAGE,
                    "send one request (a JSON object) to an integration and print its answer"));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the commands need of the integrations; the manager in the daemon, a fake in tests. */
    interface Integrations {
        List<IntegrationState> list();

        Map<String, Object> send(String name, Map<String, Object> request) throws Exception;
    }

    private final Integrations integrations;

    @Activate
    public IntegrationCommands(@Reference IntegrationManager manager) {
        this(new Integrations() {
            @Override
            public List<IntegrationState> list() {
                return manager.list();
            }

            @Override
            public Map<String, Object> send(String name, Map<String, Object> request) throws Exception {
                return manager.send(name, request);
            }
        });
    }

    IntegrationCommands(Integrations integrations) {
        this.integrations = integrations;
    }

    @Override
    public List<CommandRow> rows() {
        return COMMAND_ROWS;
    }

    @Override
    public int run(String command, List<String> args, CommandIO io) {
        String sub = args.isEmpty() ? "" : args.get(0);
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        return switch (sub) {
            case "list" -> list(rest, io);
            case "send" -> send(rest, io);
            default -> throw new UsageException("usage: nexcage integration list [--json] | nexcage " + SEND_USAGE);
        };
    }

    private int list(List<String> args, CommandIO io) {
        Options o = Options.parse(args, "--json");
        o.expectAtMost(0, "integration list [--json]");
        List<IntegrationState> all = integrations.list();
        if (o.has("--json")) {
            List<Map<String, Object>> out = new ArrayList<>();
            all.forEach(s -> out.add(json(s)));
            PluginCommands.print(io, out);
            return 0;
        }
        TextTable t = new TextTable("NAME", "PLUGIN", "STATE", "HEALTH", "VERSION", "REASON");
        all.forEach(s -> t.row(s.name(), s.plugin(), s.state().id(), s.health(), s.version(), s.reason() == null ? "" : s.reason()));
        t.print(io.out());
        return 0;
    }

    static Map<String, Object> json(IntegrationState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("plugin", s.plugin());
        m.put("state", s.state().id());
        m.put("health", s.health());
        m.put("reason", s.reason());
        m.put("version", s.version());
        m.put("description", s.description());
        return m;
    }

    private int send(List<String> args, CommandIO io) {
        // the JSON is taken whole: it is one word however it looks
        if (args.size() != 2) {
            throw new UsageException("usage: nexcage " + SEND_USAGE);
        }
        String name = args.get(0);
        Map<String, Object> request;
        try {
            request = JSON.readValue(args.get(1), new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            request = null;
        }
        if (request == null) {
            io.err().println("nexcage: the request for integration " + name + " is not a JSON object; write one in single quotes, e.g. '{\"query\": \"up\"}'");
            return 2;
        }
        if (integrations.list().stream().noneMatch(s -> s.name().equals(name))) {
            io.err().println("nexcage: no integration is named '" + name + "'; 'nexcage integration list' shows the integrations there are");
            return 1;
        }
        try {
            PluginCommands.print(io, integrations.send(name, request));
            return 0;
        } catch (Exception e) {
            io.err().println("nexcage: " + e.getMessage());
            return 1;
        }
    }
}
