package nexcage.sandbox.bridge.internal;

import java.io.OutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nexcage.api.backend.ContainerBackend;
import nexcage.api.cli.CliCommand;
import nexcage.api.cli.CommandContext;
import nexcage.api.hooks.HookContext;
import nexcage.api.hooks.HookHandler;
import nexcage.api.integration.IntegrationExtension;
import nexcage.api.monitoring.MonitoringExtension;
import nexcage.api.security.SecurityExtension;
import nexcage.sandbox.child.wire.Checked;
import nexcage.sandbox.child.wire.Link;
import nexcage.sandbox.child.wire.Values.Tagged;

/**
 * The daemon's stand-in for one service of the sandboxed plugin: names and texts from what the child
 * sent at registration, every other call across the link, a command's output streamed to its
 * caller, a hook handler's metadata and veto put on the daemon's context.
 */
final class PluginServiceProxy implements InvocationHandler {
    /** What the proxy answers itself, by interface and method: the child gave it once. */
    private static final Map<Class<?>, Set<String>> DESCRIBED = Map.of(
            CliCommand.class, Set.of("name", "description", "usage", "examples", "help"),
            ContainerBackend.class, Set.of("name", "description"),
            IntegrationExtension.class, Set.of("name", "description", "version"),
            MonitoringExtension.class, Set.of("name"),
            SecurityExtension.class, Set.of("name"));
    private static final Map<Class<?>, String> PREFIX = Map.of(CliCommand.class, "command.", ContainerBackend.class, "backend.",
            IntegrationExtension.class, "integration.", MonitoringExtension.class, "monitoring.", SecurityExtension.class, "security.");
    private static final long MARGIN_MS = 2_000;

    private final Link link;
    private final long id;
    private final Map<String, Object> descriptor;
    private final DaemonMarshal marshal;
    private final long callTimeoutMs;
    private final long hookTimeoutMs;
    private final String plugin;

    PluginServiceProxy(Link link, long id, Map<String, Object> descriptor, DaemonMarshal marshal, String plugin, long callTimeoutMs,
            long hookTimeoutMs) {
        this.link = link;
        this.id = id;
        this.descriptor = descriptor;
        this.marshal = marshal;
        this.plugin = plugin;
        this.callTimeoutMs = callTimeoutMs + MARGIN_MS;
        this.hookTimeoutMs = hookTimeoutMs + MARGIN_MS;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        Class<?> type = m.getDeclaringClass();
        if (type == Object.class) {
            return switch (m.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "sandboxed service " + id + " of plugin " + plugin;
            };
        }
        Set<String> described = DESCRIBED.get(type);
        if (described != null && described.contains(m.getName()) && m.getParameterCount() == 0) {
            return descriptor.get(PREFIX.get(type) + m.getName());
        }
        try {
            if (type == CliCommand.class && m.getName().equals("execute")) {
                return execute((CommandContext) args[0], args[1]);
            }
            if (type == HookHandler.class) {
                handle((HookContext) args[0]);
                return null;
            }
            return generic(m, args);
        } catch (Throwable t) {
            throw Checked.fit(m, t);
        }
    }

    private Object generic(Method m, Object[] args) throws Exception {
        List<Long> sinks = new ArrayList<>();
        try {
            List<Object> encoded = marshal.encodeAll(args, sinks);
            return marshal.marshal().decode(link.call(id, m.getName(), encoded, callTimeoutMs));
        } finally {
            sinks.forEach(link::closeSink);
        }
    }

    private Object execute(CommandContext context, Object args) throws Exception {
        long out = link.openSink(context.out());
        long err = link.openSink(context.err());
        try {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("out", out);
            c.put("err", err);
            c.put("cwd", context.cwd().toString());
            c.put("tty", context.tty());
            return link.call(id, "execute", List.of(new Tagged("commandContext", c), args), callTimeoutMs);
        } finally {
            link.closeSink(out);
            link.closeSink(err);
            flush(context.out());
            flush(context.err());
        }
    }

    private static void flush(OutputStream out) {
        try {
            out.flush();
        } catch (java.io.IOException e) {
            // the caller went away
        }
    }

    @SuppressWarnings("unchecked")
    private void handle(HookContext context) throws Exception {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("hook", context.hookName());
        c.put("source", context.source());
        c.put("vetoable", context.vetoable());
        c.put("metadata", new LinkedHashMap<>(context.metadata()));
        Map<String, Object> outcome = (Map<String, Object>) link.call(id, "handle", List.of(new Tagged("hookContext", c)),
                hookTimeoutMs);
        ((Map<String, String>) outcome.get("added")).forEach(context::putMetadata);
        Object veto = outcome.get("veto");
        if (veto != null) {
            context.veto((String) veto);
        }
    }
}
