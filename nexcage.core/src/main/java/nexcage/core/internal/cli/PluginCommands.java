package nexcage.core.internal.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginUsage;
import nexcage.api.Capability;
import nexcage.api.PluginDependency;
import nexcage.api.PluginMetadata;
import nexcage.core.internal.plugins.BootListing;
import nexcage.core.internal.plugins.LifecycleDriver;
import nexcage.core.internal.plugins.PluginDeployer;
import nexcage.core.internal.plugins.Outcome;
import nexcage.core.internal.plugins.PluginOperations;
import nexcage.core.internal.plugins.PluginTester;
import nexcage.core.internal.plugins.PluginRegistry;
import nexcage.core.internal.plugins.PluginState;
import nexcage.core.internal.plugins.PluginRecord;
import static nexcage.core.internal.command.CommandRow.Flag.CLIENT_SIDE;
import static nexcage.core.internal.command.CommandRow.Flag.FILE_ARGS;
import static nexcage.core.internal.command.CommandRow.Flag.NOT_VETOABLE;
import static nexcage.core.internal.command.CommandRow.Flag.NO_BOOT_WAIT;
import static nexcage.core.internal.command.CommandRow.Section.PLUGINS;

import nexcage.core.internal.command.CommandGroup;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.CommandRow;
import nexcage.core.internal.command.TextTable;
import nexcage.core.internal.command.UsageException;

/** {@code nexcage plugin ...}: list, info and health of plugins (DESIGN §8). */
@Component(service = CommandGroup.class)
public class PluginCommands implements CommandGroup {

    static final List<CommandRow> COMMAND_ROWS = List.of(
            // answers at once, also while the daemon is still taking in the plugins present at start (their files are
            // listed as they are then, with a note): a start is over when the list answers (issue 22)
            CommandRow.of(PLUGINS, "plugin list", "plugin list [--json]", "every plugin with its state and health", NOT_VETOABLE,
                    NO_BOOT_WAIT),
            CommandRow.of(PLUGINS, "plugin info", "plugin info NAME [--json]", "one plugin's metadata, resources and state", NOT_VETOABLE),
            CommandRow.of(PLUGINS, "plugin health", "plugin health [NAME] [--json]", "run the plugins' health checks"),
            CommandRow.of(PLUGINS, "plugin enable", "plugin enable NAME", "start a plugin, and keep it enabled across restarts (--dry-run)"),
            CommandRow.of(PLUGINS, "plugin disable", "plugin disable NAME", "stop a plugin, and keep it disabled (--force, --dry-run)",
                    NOT_VETOABLE),
            CommandRow.of(PLUGINS, "plugin reload", "plugin reload [NAME]", "re-read its file (without NAME: every changed file); refreshes only the bundles wired to it (--dry-run)"),
            CommandRow.of(PLUGINS, "plugin install", "plugin install FILE", "validate FILE and copy it into the plugin directory", FILE_ARGS),
            CommandRow.of(PLUGINS, "plugin remove", "plugin remove NAME", "delete its file from the plugin directory (--force, --dry-run)",
                    NOT_VETOABLE),
            CommandRow.of(PLUGINS, "plugin validate", "plugin validate FILE", "check FILE without installing it", FILE_ARGS),
            CommandRow.of(PLUGINS, "plugin test", "plugin test NAME|FILE", "run init, health check and deinit in a separate, throw-away framework",
                    FILE_ARGS),
            CommandRow.of(PLUGINS, "plugin stats", PluginStatsCommands.USAGE,
                    "what each plugin costs: calls, errors, latency, CPU, threads, disk, limits exceeded (--watch: every second)"),
            CommandRow.of(PLUGINS, "plugin violations", "plugin violations [NAME] [--json]",
                    "capability violations, newest first: denied calls and hidden look-ups"),
            CommandRow.of(PLUGINS, "plugin audit", "plugin audit NAME|FILE [--json]",
                    "its bytecode's uses of capabilities it did not declare", FILE_ARGS),
            // the launcher runs it in the client (nexcage.sdk's PluginNew): no daemon needed
            CommandRow.of(PLUGINS, "plugin new", "plugin new NAME [--type command|backend|integration|hooks] [--dir DIR]",
                    "write a plugin project (default ./NAME) that mvn package builds", CLIENT_SIDE));

    @Override
    public List<CommandRow> rows() {
        return COMMAND_ROWS;
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PluginRegistry registry;
    private final LifecycleDriver lifecycle;
    private final PluginOperations operations;
    private final PluginTester tester;
    private final nexcage.core.internal.config.ConfigService config;
    private final nexcage.core.internal.hooks.CoreHooks hooks;
    /** {@code plugin stats} (field-injected, so the constructor stays as it is). */
    @Reference
    private PluginStatsCommands stats;
    /** What each plugin costs now, for {@code plugin info}. */
    @Reference
    private PluginAccounting accounting;
    @Reference
    private PluginSecurityCommands security;
    /** Whether the plugins present at start are in yet, for {@code plugin list}. */
    @Reference
    private PluginDeployer deployer;
    /** Runs the sandboxed plugins (nexcage.sandbox): their pid and what their sandbox could not apply. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile nexcage.core.admin.SandboxRunner sandbox;

    @Activate
    public PluginCommands(@Reference PluginRegistry registry, @Reference LifecycleDriver lifecycle,
            @Reference PluginOperations operations, @Reference PluginTester tester,
            @Reference nexcage.core.internal.config.ConfigService config, @Reference nexcage.core.internal.hooks.CoreHooks hooks) {
        this.config = config;
        this.hooks = hooks;
        this.tester = tester;
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.operations = operations;
    }

    @Override
    public int run(String command, List<String> args, CommandIO io) {
        if (args.isEmpty()) {
            throw new UsageException("plugin needs a subcommand: list, info, health, enable, disable, reload, install, remove, validate, test, stats, violations or audit; see 'nexcage help'");
        }
        if (args.get(0).equals("stats")) {
            return stats.run(args.subList(1, args.size()), io);
        }
        Options o = Options.parse(args.subList(1, args.size()), "--json", "--force", "--dry-run");
        switch (args.get(0)) {
            case "list":
                o.expectAtMost(0, "plugin list [--json]");
                return list(o.has("--json"), io);
            case "info":
                o.expectExactly(1, "plugin info NAME [--json]");
                return info(o.positional(0), o.has("--json"), io);
            case "health":
                o.expectAtMost(1, "plugin health [NAME] [--json]");
                return health(o.positional().isEmpty() ? null : o.positional(0), o.has("--json"), io);
            case "enable":
                o.expectExactly(1, "plugin enable NAME [--dry-run]");
                return print(operations.enable(o.positional(0), o.has("--dry-run")), io);
            case "disable":
                o.expectExactly(1, "plugin disable NAME [--force] [--dry-run]");
                return print(operations.disable(o.positional(0), o.has("--force"), o.has("--dry-run")), io);
            case "reload":
                o.expectAtMost(1, "plugin reload [NAME] [--dry-run]");
                return print(o.positional().isEmpty() ? operations.reloadAll(o.has("--dry-run"))
                        : operations.reload(o.positional(0), o.has("--dry-run")), io);
            case "remove":
                o.expectExactly(1, "plugin remove NAME [--force] [--dry-run]");
                return print(operations.remove(o.positional(0), o.has("--force"), o.has("--dry-run")), io);
            case "install":
                o.expectExactly(1, "plugin install FILE");
                return print(operations.install(file(o.positional(0), io)), io);
            case "validate":
                o.expectExactly(1, "plugin validate FILE");
                return print(operations.validate(file(o.positional(0), io)), io);
            case "test":
                o.expectExactly(1, "plugin test NAME|FILE");
                try {
                    return print(tester.test(o.positional(0), io.cwd()), io);
                } catch (java.io.IOException e) {
                    io.err().println("nexcage: plugin test failed to run: " + e.getMessage());
                    return 1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 1;
                }
            case "violations":
                o.expectAtMost(1, "plugin violations [NAME] [--json]");
                return security.violations(o.positional().isEmpty() ? null : o.positional(0), o.has("--json"), io);
            case "audit":
                o.expectExactly(1, "plugin audit NAME|FILE [--json]");
                return security.audit(o.positional(0), o.has("--json"), io);
            default:
                throw new UsageException("'plugin " + args.get(0) + "' is not a plugin subcommand; use list, info, health, enable, disable, reload, install, remove, validate, test, stats, violations or audit");
        }
    }

    private static java.nio.file.Path file(String arg, CommandIO io) {
        java.nio.file.Path p = io.cwd().resolve(arg).normalize();
        if (!java.nio.file.Files.exists(p)) {
            throw new UsageException("no file " + p + "; give the path of a .nexcage-plugin or .jar file");
        }
        return p;
    }

    private static int print(Outcome o, CommandIO io) {
        o.out().forEach(io.out()::println);
        o.err().forEach(io.err()::println);
        return o.exit();
    }

    private int list(boolean json, CommandIO io) {
        // the files first: a file whose record appears meanwhile is then listed by its record, not twice
        List<java.nio.file.Path> files = deployer.bootFiles().orElse(null);
        List<PluginRecord> all = registry.all();
        List<String> pending = files == null ? null : BootListing.pendingFiles(files, all);
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            all.forEach(v -> out.add(summary(v)));
            if (pending != null) {
                pending.forEach(f -> out.add(pendingSummary(f)));
            }
            print(io, out);
        } else {
            TextTable t = new TextTable("NAME", "VERSION", "STATE", "HEALTH", "FILE", "SIGNER", "SANDBOX", "REASON");
            for (PluginRecord v : all) {
                t.row(v.name(), v.version(), v.state().id(), v.health().id(), v.file(), SignerName.of(v.signer()),
                        SandboxFields.sandboxed(registry, v) ? "process" : "-", v.reason());
            }
            if (pending != null) {
                pending.forEach(f -> t.row("-", "-", BootListing.PENDING, "unknown", f, "-", "-", BootListing.PENDING_REASON));
            }
            t.print(io.out());
        }
        if (pending != null) {
            io.err().println(BootListing.NOTE);
        }
        return 0;
    }

    /** A file of the plugin directories that the daemon, still starting, has not taken in yet. */
    private static Map<String, Object> pendingSummary(String file) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", null);
        m.put("version", null);
        m.put("state", BootListing.PENDING);
        m.put("health", "unknown");
        m.put("capabilities", List.of());
        m.put("file", file);
        m.put("signer", null);
        m.put("reason", BootListing.PENDING_REASON);
        return m;
    }

    private int info(String name, boolean json, CommandIO io) {
        PluginRecord v = registry.byName(name).orElse(null);
        if (v == null) {
            io.err().println("nexcage: no plugin named '" + name + "'; 'nexcage plugin list' shows the plugins there are");
            return 1;
        }
        Map<String, Object> m = details(v);
        if (json) {
            print(io, m);
            return 0;
        }
        TextTable t = new TextTable("FIELD", "VALUE");
        m.forEach((k, val) -> t.row(k, val instanceof List ? String.join(", ", ((List<?>) val).stream().map(String::valueOf).toList())
                : val instanceof Map ? ((Map<?, ?>) val).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" ")) : val));
        t.print(io.out());
        return 0;
    }

    private int health(String name, boolean json, CommandIO io) {
        List<PluginRecord> targets = name == null ? registry.all() : registry.byName(name).map(List::of).orElse(List.of());
        if (targets.isEmpty() && name != null) {
            io.err().println("nexcage: no plugin named '" + name + "'; 'nexcage plugin list' shows the plugins there are");
            return 1;
        }
        Map<String, String> results = new LinkedHashMap<>();
        for (PluginRecord v : targets) {
            if (v.state() == PluginState.ACTIVE) {
                lifecycle.check(v.name());
            }
            // the registry's word: a backend plugin's is its backend's, as in 'backend list' and the log
            String h = registry.byName(v.name()).map(r -> r.health().id()).orElse("unknown");
            results.put(v.name(), h);
            hooks.fire(nexcage.api.hooks.HookNames.SYSTEM_HEALTH_CHECK, "plugin", v.name(), "health", h);
        }
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            results.forEach((n, h) -> out.add(Map.of("name", n, "health", h)));
            print(io, out);
        } else {
            TextTable t = new TextTable("NAME", "HEALTH");
            results.forEach(t::row);
            t.print(io.out());
        }
        boolean bad = results.values().stream().anyMatch(h -> h.equals("unhealthy"));
        return bad ? 1 : 0;
    }

    private Map<String, Object> summary(PluginRecord v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("version", v.version());
        m.put("state", v.state().id());
        m.put("health", v.health().id());
        m.put("capabilities", v.metadata() == null ? List.of()
                : v.metadata().capabilities().stream().map(Capability::id).toList());
        m.put("file", v.file());
        m.put("signer", SignerName.of(v.signer()));
        m.put("reason", v.reason());
        m.putAll(SandboxFields.summary(registry, sandbox, v));
        return m;
    }

    private Map<String, Object> details(PluginRecord v) {
        Map<String, Object> m = summary(v);
        PluginMetadata md = v.metadata();
        m.put("description", md == null ? null : md.description());
        m.put("author", md == null ? null : md.author());
        m.put("api_version", md == null ? null : md.apiVersion());
        m.put("nexcage_version", md == null ? null : md.nexcageVersion());
        m.put("resources", md == null ? null : md.resources().asMap());
        boolean sandboxed = SandboxFields.sandboxed(registry, v);
        m.put("limits_watched", PluginLimits.WATCHED);
        if (sandboxed) {
            m.put("limits_sandbox", PluginLimits.SANDBOX_ENFORCED);
        }
        m.put("limits_not_enforced", sandboxed ? PluginLimits.NOT_ENFORCED_SANDBOXED : PluginLimits.NOT_ENFORCED);
        m.put("limits_not_enforced_why", sandboxed ? PluginLimits.WHY_NOT_ENFORCED_SANDBOXED : PluginLimits.WHY_NOT_ENFORCED);
        m.put("allocated_bytes_per_second", accounting.usage(v.name()).map(PluginUsage::allocatedBytesPerSecond).orElse(0L));
        m.put("dependencies", md == null ? List.of()
                : md.dependencies().stream().map(PluginDependency::toString).toList());
        m.put("bundle_id", v.bundleId() < 0 ? null : v.bundleId());
        m.put("config", config.maskedConfig(v.name()));
        // which declared capabilities it has used through NexCage since the daemon started
        m.put("capabilities_used", security.capabilitiesUsed(v));
        m.putAll(SandboxFields.details(registry, sandbox, v));
        return m;
    }

    static void print(CommandIO io, Object value) {
        try {
            io.out().println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
