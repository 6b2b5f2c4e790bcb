package nexcage.sandbox.bridge.internal;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import nexcage.api.PluginContext;
import nexcage.api.PluginDependency;
import nexcage.api.PluginMetadata;
import nexcage.sandbox.child.wire.Invoker;
import nexcage.sandbox.child.wire.Link;
import nexcage.sandbox.child.wire.Marshal;
import nexcage.sandbox.child.wire.RemoteRefs;
import nexcage.sandbox.child.wire.Values.Tagged;

/**
 * The daemon's side of {@link Marshal}: the core's plugin context goes as its facts (and is kept for
 * the plugin's log lines), an output stream as a sink of the link, a callback as a reference the
 * child calls back.
 */
final class DaemonMarshal implements Marshal.Special {
    private final Link link;
    private final Marshal marshal = new Marshal(this);
    private final Map<Long, Invoker> callbacks = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1L << 40);
    private final ThreadLocal<List<Long>> sinks = new ThreadLocal<>();
    private volatile PluginContext coreContext;

    DaemonMarshal(Link link) {
        this.link = link;
    }

    Marshal marshal() {
        return marshal;
    }

    /** The context the core handed the plugin's lifecycle last, or null before its first call. */
    PluginContext coreContext() {
        return coreContext;
    }

    /** The callback the child calls by id, or null. */
    Invoker callback(long id) {
        return callbacks.get(id);
    }

    /** Encodes a call's arguments; the sinks it opens for output streams are added to opened, for the caller to close. */
    List<Object> encodeAll(Object[] args, List<Long> opened) {
        sinks.set(opened);
        try {
            return marshal.encodeAll(args);
        } finally {
            sinks.remove();
        }
    }

    @Override
    public Tagged encode(Object o) {
        if (o instanceof PluginContext c) {
            coreContext = c;
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("valid", c.isValid());
            facts.put("config", marshal.encode(c.getConfig()));
            facts.put("metadata", metadata(c.getMetadata()));
            return new Tagged("pluginContext", facts);
        }
        if (o instanceof OutputStream out) {
            long h = link.openSink(out);
            List<Long> opened = sinks.get();
            if (opened != null) {
                opened.add(h);
            }
            return new Tagged("sink", h);
        }
        List<String> types = RemoteRefs.callbackTypes(o);
        if (!types.isEmpty() && (o instanceof Runnable || o instanceof Consumer<?>)) {
            long id = ids.incrementAndGet();
            callbacks.put(id, new Invoker(o, types.stream().<Class<?>>map(DaemonMarshal::callbackType).toList()));
            return new Tagged("ref", Arrays.asList(id, types));
        }
        return null;
    }

    private static Class<?> callbackType(String name) {
        return name.equals(Runnable.class.getName()) ? Runnable.class
                : name.equals(Consumer.class.getName()) ? Consumer.class : AutoCloseable.class;
    }

    @SuppressWarnings("unchecked")
    @Override
    public Object decode(Tagged t) {
        if (t.tag().equals("ref")) {
            return RemoteRefs.proxy(link, marshal, (List<Object>) t.value());
        }
        return null;
    }

    static Map<String, Object> metadata(PluginMetadata m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", m.name());
        out.put("version", m.version());
        out.put("description", m.description());
        out.put("author", m.author());
        out.put("apiVersion", m.apiVersion());
        out.put("nexcageVersion", m.nexcageVersion());
        out.put("capabilities", m.capabilities().stream().map(nexcage.api.Capability::id).toList());
        out.put("resources", new LinkedHashMap<>(m.resources().asMap()));
        out.put("dependencies", m.dependencies().stream().map(DaemonMarshal::dependency).toList());
        return out;
    }

    private static List<String> dependency(PluginDependency d) {
        return Arrays.asList(d.name(), d.versionRange());
    }
}
