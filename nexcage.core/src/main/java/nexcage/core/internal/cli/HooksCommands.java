package nexcage.core.internal.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import nexcage.hooks.admin.HookAdmin;
import nexcage.hooks.admin.HookRegistrationInfo;
import nexcage.core.internal.command.CommandGroup;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.CommandRow;
import nexcage.core.internal.command.TextTable;
import nexcage.core.internal.command.UsageException;

/** {@code nexcage hooks list [--json]}, and the hook part of {@code plugin stats NAME}. */
@Component(service = {HooksCommands.class, CommandGroup.class})
public class HooksCommands implements CommandGroup {

    static final List<CommandRow> COMMAND_ROWS = List.of(CommandRow.of(CommandRow.Section.HOOKS, "hooks list", "hooks list [--json]",
            "every hook handler with its priority, timeout and statistics"));

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final HookAdmin admin;

    @Activate
    public HooksCommands(@Reference HookAdmin admin) {
        this.admin = admin;
    }

    @Override
    public List<CommandRow> rows() {
        return COMMAND_ROWS;
    }

    @Override
    public int run(String command, List<String> args, CommandIO io) {
        if (args.isEmpty() || !args.get(0).equals("list")) {
            throw new UsageException("usage: nexcage hooks list [--json]");
        }
        Options o = Options.parse(args.subList(1, args.size()), "--json");
        o.expectAtMost(0, "hooks list [--json]");
        print(admin.registrations(), o.has("--json"), io);
        return 0;
    }

    /** The plugin's hook handlers with their statistics, as {@code hooks list --json} has them, for {@code plugin stats NAME}. */
    List<Map<String, Object>> handlersOf(String plugin) {
        List<Map<String, Object>> out = new ArrayList<>();
        admin.registrations(plugin).forEach(r -> out.add(r.toJsonMap()));
        return out;
    }

    private static void print(List<HookRegistrationInfo> regs, boolean json, CommandIO io) {
        List<Map<String, Object>> out = new ArrayList<>();
        regs.forEach(r -> out.add(r.toJsonMap()));
        if (json) {
            try {
                io.out().println(JSON.writeValueAsString(out));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        table(out, io.out());
    }

    /** The table of hook handlers from their JSON maps. */
    static void table(List<Map<String, Object>> handlers, java.io.PrintStream out) {
        TextTable t = new TextTable("HOOK", "PLUGIN", "PRIORITY", "TIMEOUT_MS", "FAIL_CLOSED", "ENABLED", "RUNS", "FAILURES",
                "TIMEOUTS", "VETOES", "AVG_MS", "P99_MS", "MAX_MS");
        for (Map<String, Object> m : handlers) {
            t.row(m.get("hook"), m.get("plugin"), m.get("priority"), m.get("timeout_ms"), m.get("fail_closed"), m.get("enabled"),
                    m.get("executions"), m.get("failures"), m.get("timeouts"), m.get("vetoes"), fmt(m.get("avg_ms")),
                    fmt(m.get("p99_ms")), fmt(m.get("max_ms")));
        }
        t.print(out);
    }

    private static String fmt(Object ms) {
        return ms instanceof Number n ? String.format("%.3f", n.doubleValue()) : String.valueOf(ms);
    }
}
