package nexcage.core.internal.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import nexcage.core.internal.config.ConfigDocument;
import nexcage.core.internal.config.ConfigService;
import static nexcage.core.internal.command.CommandRow.Flag.NOT_VETOABLE;
import static nexcage.core.internal.command.CommandRow.Section.CONFIGURATION;

import nexcage.core.internal.command.CommandGroup;
import nexcage.core.internal.plugins.PluginRegistry;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.CommandRow;
import nexcage.core.internal.command.UsageException;

/** {@code nexcage config show [--json]} and {@code nexcage config reload} (DESIGN §7–§8). */
@Component(service = CommandGroup.class)
public class ConfigCommands implements CommandGroup {

    static final List<CommandRow> COMMAND_ROWS = List.of(
            CommandRow.of(CONFIGURATION, "config show", "config show [--json]", "the effective configuration (secrets masked)"),
            CommandRow.of(CONFIGURATION, "config reload", "config reload", "re-read config.yaml now (it is also picked up by itself)",
                    NOT_VETOABLE));

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ConfigService config;
    private final PluginRegistry registry;

    @Activate
    public ConfigCommands(@Reference ConfigService config, @Reference PluginRegistry plugins) {
        this.config = config;
        this.registry = plugins;
    }

    @Override
    public List<CommandRow> rows() {
        return COMMAND_ROWS;
    }

    @Override
    public int run(String command, List<String> args, CommandIO io) {
        if (args.isEmpty()) {
            throw new UsageException("config needs a subcommand: show [--json] or reload");
        }
        Options o = Options.parse(args.subList(1, args.size()), "--json");
        switch (args.get(0)) {
            case "show":
                o.expectAtMost(0, "config show [--json]");
                return show(o.has("--json"), io);
            case "reload":
                o.expectAtMost(0, "config reload");
                return reload(io);
            default:
                throw new UsageException("'config " + args.get(0) + "' is not a config subcommand; use show or reload");
        }
    }

    private int reload(CommandIO io) {
        ConfigService.ReloadResult r = config.reload();
        if (r.error() != null) {
            io.err().println("nexcage: " + r.error() + " (the last good configuration stays in force)");
            return 1;
        }
        if (!config.refusals().isEmpty()) {
            config.refusals().forEach(x -> io.err().println("nexcage: " + x));
            return 1;
        }
        io.out().println("configuration reloaded from " + config.file()
                + (r.changedPlugins().isEmpty() ? "; no plugin configuration changed" : "; changed: " + String.join(", ", r.changedPlugins()))
                + (r.runtimeChanged() ? "; runtime settings changed" : ""));
        return 0;
    }

    private int show(boolean json, CommandIO io) {
        ConfigDocument doc = config.current();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", config.file().toString());
        out.put("exists", java.nio.file.Files.exists(config.file()));
        out.put("error", config.lastError());
        Map<String, Object> runtime = nexcage.core.internal.config.ShownRuntime.of(config);
        out.put("runtime", runtime);
        Map<String, Object> plugins = new LinkedHashMap<>();
        for (ConfigDocument.PluginSection s : doc.plugins().values()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("enabled", s.enabled() == null ? null : s.enabled());
            p.put("effective_enabled", registry.isEnabled(s.name()));
            p.put("config", config.maskedConfig(s.name()));
            if (!s.instances().isEmpty()) {
                p.put("instances", config.maskedInstances(s.name()));
            }
            plugins.put(s.name(), p);
        }
        out.put("plugins", plugins);
        if (json) {
            try {
                io.out().println(JSON.writeValueAsString(out));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return 0;
        }
        boolean fileExists = java.nio.file.Files.exists(config.file());
        if (!fileExists) {
            io.out().println("# no config file at " + config.file() + "; running on defaults");
        } else if (!doc.exists()) {
            io.out().println("# " + config.file() + " could not be applied; running on defaults");
        } else {
            io.out().println("# " + config.file());
        }
        if (config.lastError() != null) {
            io.out().println("# last edit refused: " + config.lastError());
        }
        io.out().println("runtime:");
        runtime.forEach((k, v) -> {
            if (v instanceof List<?> rules) { // routing, written as config.yaml has it
                io.out().println("  " + k + ":" + (rules.isEmpty() ? " []" : ""));
                rules.forEach(rule -> {
                    Map<?, ?> m = (Map<?, ?>) rule;
                    io.out().println("    - pattern: \"" + m.get("pattern").toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
                    io.out().println("      backend: " + m.get("backend"));
                });
            } else if (v instanceof Map<?, ?> section) { // security
                io.out().println("  " + k + ":");
                section.forEach((sk, sv) -> io.out().println("    " + sk + ": " + sv));
            } else {
                io.out().println("  " + k + ":" + (v == null || v.toString().isEmpty() ? " \"\"" : " " + v));
            }
        });
        io.out().println("plugins:");
        for (Map.Entry<String, Object> e : plugins.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) e.getValue();
            io.out().println("  " + e.getKey() + ":");
            io.out().println("    enabled: " + p.get("effective_enabled"));
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) p.get("config");
            if (!c.isEmpty()) {
                io.out().println("    config:");
                c.forEach((k, v) -> io.out().println("      " + k + ": " + v));
            }
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> instances = (Map<String, Map<String, Object>>) p.get("instances");
            if (instances != null) {
                io.out().println("    instances:");
                instances.forEach((name, values) -> {
                    io.out().println("      " + name + ":");
                    values.forEach((k, v) -> io.out().println("        " + k + ": " + v));
                });
            }
        }
        return 0;
    }
}
