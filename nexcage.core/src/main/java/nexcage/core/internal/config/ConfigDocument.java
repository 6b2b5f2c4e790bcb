package nexcage.core.internal.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import nexcage.api.validation.Validation;
import nexcage.api.validation.ValidationException;

/**
 * config.yaml checked against its schema (DESIGN §7): the runtime settings, and per plugin its
 * {@code enabled} flag (null when absent) and its {@code config} values with their positions.
 */
public record ConfigDocument(Path file, boolean exists, RuntimeSettings runtime, Map<String, PluginSection> plugins) {

    /**
     * {@code plugins.NAME}: the flag, where it runs ({@code sandbox}: {@code process} or {@code none},
     * null when absent) and the configuration values, each with where it was written.
     */
    public record PluginSection(String name, Boolean enabled, String sandbox, Map<String, Node> config, int line, int column,
            Map<String, Instance> instances) {
        public PluginSection(String name, Boolean enabled, String sandbox, Map<String, Node> config, int line, int column) {
            this(name, enabled, sandbox, config, line, column, Map.of());
        }

        public PluginSection(String name, Boolean enabled, Map<String, Node> config, int line, int column) {
            this(name, enabled, null, config, line, column);
        }
    }

    /**
     * {@code plugins.NAME.instances.KEY}: one instance of the plugin's service, delivered as the
     * factory configuration {@code nexcage.plugin.NAME.instance~KEY}; its values flattened to dotted
     * keys ({@code tls: {ca: X}} is {@code tls.ca}).
     */
    public record Instance(String name, Map<String, Node> config, int line, int column) {
    }

    /** The words of {@code plugins.NAME.sandbox} and of the {@code NexCage-Sandbox} header. */
    public static final List<String> SANDBOX_MODES = List.of("process", "none");

    private static final Set<String> RUNTIME_KEYS = Set.of("plugin_dir", "require_signatures", "trusted_certs_dir",
            "max_plugin_size_mb", "max_plugin_inflated_mb", "max_plugin_entries", "default_backend", "routing", "security", "metrics", "api");
    private static final Set<String> SECURITY_KEYS = Set.of("on_violation", "max_violations", "audit", "sandbox_unsigned",
            "require_sandbox", "sandbox_restarts");
    private static final Set<String> METRICS_KEYS = Set.of("interval", "listen");

    public static ConfigDocument absent(Path file) {
        return new ConfigDocument(file, false, RuntimeSettings.DEFAULTS, Map.of());
    }

    /**
     * Reads and checks the file (absent means defaults). Every way a file can be wrong ends in a
     * ConfigException, so what a file holds can stop neither the watcher nor {@code config reload}.
     */
    public static ConfigDocument read(Path file, Function<String, String> env) throws ConfigException {
        if (!Files.exists(file)) {
            return absent(file);
        }
        try {
            return of(file, new YamlReader(file, env).read());
        } catch (IOException e) {
            throw new ConfigException(file, 1, 1, "cannot be read: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // the reader's caps should leave nothing that gets here; if a parser still fails, the file is refused all the same
            ConfigException c = new ConfigException(file, 1, 1, "the YAML parser failed on this file (" + e.getClass().getSimpleName()
                    + "); simplify the file, and report it as a NexCage bug");
            c.initCause(e);
            throw c;
        }
    }

    public static ConfigDocument of(Path file, Node root) throws ConfigException {
        if (!(root instanceof Node.MapNode top)) {
            throw new ConfigException(file, root.line(), root.column(), "the file must be a map with 'runtime:' and 'plugins:' sections");
        }
        for (String key : top.entries().keySet()) {
            if (!key.equals("runtime") && !key.equals("plugins")) {
                int[] at = top.keyPositions().get(key);
                throw new ConfigException(file, at[0], at[1], "unknown section '" + key + "'; the sections are runtime and plugins");
            }
        }
        RuntimeSettings runtime = runtime(file, top.entries().get("runtime"));
        Map<String, PluginSection> plugins = new LinkedHashMap<>();
        Node p = top.entries().get("plugins");
        if (p != null && !(p instanceof Node.Scalar s && s.value() == null)) {
            Node.MapNode pm = map(file, p, "plugins");
            for (Map.Entry<String, Node> e : pm.entries().entrySet()) {
                int[] at = pm.keyPositions().get(e.getKey());
                try {
                    Validation.pluginName(e.getKey());
                } catch (ValidationException ex) {
                    throw new ConfigException(file, at[0], at[1], "plugins." + e.getKey() + ": " + ex.getMessage());
                }
                plugins.put(e.getKey(), plugin(file, e.getKey(), e.getValue(), at));
            }
            InstanceSections.checkUnique(file, plugins);
        }
        return new ConfigDocument(file, true, runtime, plugins);
    }

    private static PluginSection plugin(Path file, String name, Node node, int[] at) throws ConfigException {
        if (node instanceof Node.Scalar s && s.value() == null) {
            return new PluginSection(name, null, Map.of(), at[0], at[1]);
        }
        Node.MapNode m = map(file, node, "plugins." + name);
        Boolean enabled = null;
        String sandbox = null;
        Map<String, Node> config = new LinkedHashMap<>();
        Map<String, Instance> instances = Map.of();
        for (Map.Entry<String, Node> e : m.entries().entrySet()) {
            int[] kat = m.keyPositions().get(e.getKey());
            switch (e.getKey()) {
                case "enabled":
                    enabled = bool(file, e.getValue(), "plugins." + name + ".enabled");
                    break;
                case "sandbox":
                    if (!(e.getValue() instanceof Node.Scalar s && s.value() instanceof String v && SANDBOX_MODES.contains(v))) {
                        throw new ConfigException(file, e.getValue().line(), e.getValue().column(), "plugins." + name
                                + ".sandbox must be process (a child process of its own) or none (in the daemon)");
                    }
                    sandbox = (String) ((Node.Scalar) e.getValue()).value();
                    break;
                case "config":
                    if (!(e.getValue() instanceof Node.Scalar s && s.value() == null)) {
                        Node.MapNode c = map(file, e.getValue(), "plugins." + name + ".config");
                        for (Map.Entry<String, Node> ce : c.entries().entrySet()) {
                            checkConfigValue(file, "plugins." + name + ".config." + ce.getKey(), ce.getValue());
                        }
                        config.putAll(c.entries());
                    }
                    break;
                case "instances":
                    instances = InstanceSections.read(file, "plugins." + name + ".instances", e.getValue());
                    break;
                default:
                    throw new ConfigException(file, kat[0], kat[1], "plugins." + name + "." + e.getKey()
                            + " is not a setting; a plugin section has only 'enabled', 'sandbox', 'config' and 'instances'");
            }
        }
        return new PluginSection(name, enabled, sandbox, config, at[0], at[1], instances);
    }

    /** ConfigAdmin holds scalars and lists of scalars, not nested maps. */
    static void checkConfigValue(Path file, String path, Node n) throws ConfigException {
        if (n instanceof Node.MapNode) {
            throw new ConfigException(file, n.line(), n.column(), path
                    + " is a nested map, which a plugin configuration cannot hold; flatten it with dotted keys, e.g. "
                    + path.substring(path.lastIndexOf('.') + 1) + ".host");
        }
        if (n instanceof Node.ListNode l) {
            for (Node item : l.items()) {
                if (!(item instanceof Node.Scalar)) {
                    throw new ConfigException(file, item.line(), item.column(), path + " holds a list or map inside a list; use a list of plain values");
                }
            }
        }
    }

    private static RuntimeSettings runtime(Path file, Node node) throws ConfigException {
        RuntimeSettings d = RuntimeSettings.DEFAULTS;
        if (node == null || node instanceof Node.Scalar s && s.value() == null) {
            return d;
        }
        Node.MapNode m = map(file, node, "runtime");
        knownKeys(file, m, "runtime", RUNTIME_KEYS);
        Map<String, Node> e = m.entries();
        Path pluginDir = e.containsKey("plugin_dir") ? Path.of(string(file, e.get("plugin_dir"), "runtime.plugin_dir")) : null;
        boolean sigs = e.containsKey("require_signatures") ? bool(file, e.get("require_signatures"), "runtime.require_signatures")
                : d.requireSignatures();
        Path trusted = e.containsKey("trusted_certs_dir") ? Path.of(string(file, e.get("trusted_certs_dir"), "runtime.trusted_certs_dir")) : null;
        long max = positive(file, e, "max_plugin_size_mb", d.maxPluginSizeMb());
        long inflated = positive(file, e, "max_plugin_inflated_mb", d.maxPluginInflatedMb());
        long entries = positive(file, e, "max_plugin_entries", d.maxPluginEntries());
        String backend = e.containsKey("default_backend") ? string(file, e.get("default_backend"), "runtime.default_backend") : d.defaultBackend();
        List<RuntimeSettings.Route> routes = new ArrayList<>();
        Map<String, String> fromEnv = new LinkedHashMap<>();
        for (String k : List.of("plugin_dir", "trusted_certs_dir", "default_backend")) {
            fromEnv(fromEnv, k, e.get(k));
        }
        if (e.containsKey("routing")) {
            Node r = e.get("routing");
            if (!(r instanceof Node.ListNode list)) {
                throw new ConfigException(file, r.line(), r.column(), "runtime.routing must be a list of {pattern, backend} rules");
            }
            for (Node item : list.items()) {
                Node.MapNode rule = map(file, item, "runtime.routing[]");
                if (!rule.entries().keySet().equals(Set.of("pattern", "backend"))) {
                    throw new ConfigException(file, item.line(), item.column(), "a routing rule has exactly the keys pattern and backend, e.g. {pattern: \"db-*\", backend: docker}");
                }
                String pattern = string(file, rule.entries().get("pattern"), "runtime.routing[].pattern");
                if (pattern.length() > 1 && pattern.startsWith("/") && pattern.endsWith("/")) {
                    try {
                        Pattern.compile(pattern.substring(1, pattern.length() - 1));
                    } catch (PatternSyntaxException ex) {
                        Node pn = rule.entries().get("pattern");
                        String shown = pn instanceof Node.Scalar ps && ps.fromEnv() ? Secrets.MASK : pattern;
                        throw new ConfigException(file, pn.line(), pn.column(), "routing pattern " + shown + " is not a valid regular expression: "
                                + ex.getDescription());
                    }
                }
                fromEnv(fromEnv, "routing[" + routes.size() + "].pattern", rule.entries().get("pattern"));
                fromEnv(fromEnv, "routing[" + routes.size() + "].backend", rule.entries().get("backend"));
                routes.add(new RuntimeSettings.Route(pattern, string(file, rule.entries().get("backend"), "runtime.routing[].backend")));
            }
        }
        SecuritySettings security = e.containsKey("security") ? security(file, e.get("security")) : SecuritySettings.DEFAULTS;
        MetricsSettings metrics = e.containsKey("metrics") ? metrics(file, e.get("metrics")) : MetricsSettings.DEFAULTS;
        fromEnv(fromEnv, "metrics.listen", e.get("metrics") instanceof Node.MapNode mm ? mm.entries().get("listen") : null);
        ApiSettings api = e.containsKey("api") ? ApiSection.read(file, e.get("api")) : ApiSettings.DEFAULTS;
        fromEnv(fromEnv, "api.listen", e.get("api") instanceof Node.MapNode am ? am.entries().get("listen") : null);
        return new RuntimeSettings(pluginDir, sigs, trusted, max, inflated, entries, backend, routes, fromEnv, security, metrics, api);
    }

    /** Refuses a key of the section {@code path} that is not one of {@code keys}, naming those that are. */
    private static void knownKeys(Path file, Node.MapNode m, String path, Set<String> keys) throws ConfigException {
        for (Map.Entry<String, int[]> k : m.keyPositions().entrySet()) {
            if (!keys.contains(k.getKey())) {
                throw new ConfigException(file, k.getValue()[0], k.getValue()[1], path + "." + k.getKey() + " is not a "
                        + path.substring(path.lastIndexOf('.') + 1) + " setting; the settings are " + String.join(", ", new java.util.TreeSet<>(keys)));
            }
        }
    }

    /** A section of {@code runtime} with only known keys, or null when written empty (its defaults apply). */
    static Node.MapNode section(Path file, Node node, String path, Set<String> keys) throws ConfigException {
        if (node instanceof Node.Scalar s && s.value() == null) {
            return null;
        }
        Node.MapNode m = map(file, node, path);
        knownKeys(file, m, path, keys);
        return m;
    }

    /** {@code runtime.security}: each key optional, each with its default. */
    private static SecuritySettings security(Path file, Node node) throws ConfigException {
        SecuritySettings d = SecuritySettings.DEFAULTS;
        Node.MapNode m = section(file, node, "runtime.security", SECURITY_KEYS);
        if (m == null) {
            return d;
        }
        Map<String, Node> e = m.entries();
        SecuritySettings.OnViolation on = word(file, e.get("on_violation"), "runtime.security.on_violation",
                SecuritySettings.OnViolation.class, d.onViolation());
        SecuritySettings.AuditMode audit = word(file, e.get("audit"), "runtime.security.audit", SecuritySettings.AuditMode.class, d.audit());
        Node max = e.get("max_violations");
        if (max != null && !(max instanceof Node.Scalar s && s.value() instanceof Long v && v >= 1)) {
            throw new ConfigException(file, max.line(), max.column(),
                    "runtime.security.max_violations must be a whole number of at least 1, e.g. " + d.maxViolations());
        }
        Node restarts = e.get("sandbox_restarts");
        if (restarts != null && !(restarts instanceof Node.Scalar s && s.value() instanceof Long v && v >= 0 && v <= 100)) {
            throw new ConfigException(file, restarts.line(), restarts.column(),
                    "runtime.security.sandbox_restarts must be a whole number from 0 to 100, e.g. " + d.sandboxRestarts());
        }
        boolean unsigned = e.containsKey("sandbox_unsigned") && bool(file, e.get("sandbox_unsigned"), "runtime.security.sandbox_unsigned");
        boolean require = e.containsKey("require_sandbox") && bool(file, e.get("require_sandbox"), "runtime.security.require_sandbox");
        return new SecuritySettings(on, max == null ? d.maxViolations() : (Long) ((Node.Scalar) max).value(), audit, unsigned, require,
                restarts == null ? d.sandboxRestarts() : (int) (long) (Long) ((Node.Scalar) restarts).value());
    }

    /** {@code runtime.metrics}: the poll interval in seconds (1..3600), and {@code listen} as HOST:PORT or absent/null for off. */
    private static MetricsSettings metrics(Path file, Node node) throws ConfigException {
        MetricsSettings d = MetricsSettings.DEFAULTS;
        Node.MapNode m = section(file, node, "runtime.metrics", METRICS_KEYS);
        if (m == null) {
            return d;
        }
        Node interval = m.entries().get("interval");
        if (interval != null && !(interval instanceof Node.Scalar s && s.value() instanceof Long v && v >= MetricsSettings.MIN_INTERVAL
                && v <= MetricsSettings.MAX_INTERVAL)) {
            throw new ConfigException(file, interval.line(), interval.column(), "runtime.metrics.interval must be a whole number of seconds from "
                    + MetricsSettings.MIN_INTERVAL + " to " + MetricsSettings.MAX_INTERVAL + ", e.g. " + d.intervalSeconds());
        }
        Node listen = m.entries().get("listen");
        String address = null;
        if (listen != null && !(listen instanceof Node.Scalar s && s.value() == null)) {
            address = string(file, listen, "runtime.metrics.listen").trim();
            String why = MetricsSettings.listenError(address);
            if (why != null) {
                // a value from ${...} is never shown, nor are the parts of it the reason would name
                String said = listen instanceof Node.Scalar s && s.fromEnv() ? "(" + Secrets.MASK + ") must be HOST:PORT, e.g. 127.0.0.1:9464"
                        : "'" + address + "' " + why;
                throw new ConfigException(file, listen.line(), listen.column(), "runtime.metrics.listen " + said);
            }
        }
        return new MetricsSettings(interval == null ? d.intervalSeconds() : (Long) ((Node.Scalar) interval).value(), address);
    }

    /** One of an enum's words in lower case ({@code log}, {@code enforce}), or the default when absent. */
    private static <E extends Enum<E>> E word(Path file, Node n, String path, Class<E> type, E dflt) throws ConfigException {
        if (n == null) {
            return dflt;
        }
        List<String> words = java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList();
        if (n instanceof Node.Scalar s && s.value() instanceof String v && words.contains(v)) {
            return Enum.valueOf(type, v.toUpperCase(java.util.Locale.ROOT));
        }
        // YAML 1.1 reads a bare off as false
        if (n instanceof Node.Scalar s && Boolean.FALSE.equals(s.value()) && words.contains("off")) {
            return Enum.valueOf(type, "OFF");
        }
        Object shown = n instanceof Node.Scalar s && s.fromEnv() ? Secrets.MASK : n instanceof Node.Scalar s2 ? s2.value() : "a list or map";
        throw new ConfigException(file, n.line(), n.column(), path + " is '" + shown + "'; it must be one of " + String.join(", ", words));
    }

    /** A whole-number runtime setting of at least 1, or its default when absent. */
    private static long positive(Path file, Map<String, Node> e, String key, long dflt) throws ConfigException {
        Node n = e.get(key);
        if (n == null) {
            return dflt;
        }
        if (!(n instanceof Node.Scalar s && s.value() instanceof Long v) || v < 1) {
            throw new ConfigException(file, n.line(), n.column(), "runtime." + key + " must be a whole number of at least 1, e.g. " + dflt);
        }
        return v;
    }

    private static void fromEnv(Map<String, String> out, String path, Node n) {
        if (n instanceof Node.Scalar s && s.fromEnv() && s.value() != null) {
            out.put(path, String.valueOf(s.value()));
        }
    }

    static Node.MapNode map(Path file, Node n, String path) throws ConfigException {
        if (n instanceof Node.MapNode m) {
            return m;
        }
        throw new ConfigException(file, n.line(), n.column(), path + " must be a map of key: value lines");
    }

    private static boolean bool(Path file, Node n, String path) throws ConfigException {
        if (n instanceof Node.Scalar s && s.value() instanceof Boolean b) {
            return b;
        }
        throw new ConfigException(file, n.line(), n.column(), path + " must be true or false");
    }

    static String string(Path file, Node n, String path) throws ConfigException {
        if (n instanceof Node.Scalar s && s.value() != null && !(s.value() instanceof Boolean)) {
            return String.valueOf(s.value());
        }
        throw new ConfigException(file, n.line(), n.column(), path + " must be a text value");
    }
}
