package nexcage.sandbox.child.wire;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import nexcage.api.CapabilityDeniedException;
import nexcage.api.HealthStatus;
import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerEvent;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ImageInfo;
import nexcage.api.backend.ContainerStatus;
import nexcage.api.containers.ContainerOperationException;
import nexcage.api.containers.ExecResult;
import nexcage.api.hooks.HookPriority;
import nexcage.api.hooks.HookResult;
import nexcage.api.runtime.HostCommandResult;
import nexcage.api.runtime.HostFigures;
import nexcage.api.runtime.RuntimeFacts;
import nexcage.api.validation.ValidationErrorKind;
import nexcage.api.validation.ValidationException;
import nexcage.sandbox.child.wire.Values.Tagged;

/**
 * Turns the API's values into what {@link Values} encodes and back: its records (by their
 * components), its enums (by name), instants, durations, paths, and exceptions (the API's own
 * rebuilt with their fields, any other as a {@link RemoteException} with the same message).
 * Objects a side must stand in for (a plugin context, an output stream) go through {@link #special}.
 */
public final class Marshal {
    private static final Map<String, Class<?>> RECORDS = byName(List.of(BackendHealth.class, ContainerEvent.class,
            ContainerInfo.class, ContainerSpec.class, ExecResult.class, HookResult.class, HostCommandResult.class,
            HostFigures.class, ImageInfo.class, RuntimeFacts.class));
    private static final Map<String, Class<?>> ENUMS = byName(List.of(HealthStatus.class, ContainerStatus.class,
            BackendHealth.State.class, HookPriority.class, BackendException.Reason.class, ValidationErrorKind.class));

    /** Stands in for the objects only one side has: returns the tagged value, or null when it does not know o. */
    public interface Special {
        Tagged encode(Object o);

        /** The object for a tagged value this side made up, or null when the tag is not its. */
        Object decode(Tagged t);
    }

    private final Special special;

    public Marshal(Special special) {
        this.special = special;
    }

    private static Map<String, Class<?>> byName(List<Class<?>> classes) {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        classes.forEach(c -> m.put(c.getName(), c));
        return Map.copyOf(m);
    }

    public List<Object> encodeAll(Object[] args) {
        List<Object> out = new ArrayList<>(args == null ? 0 : args.length);
        if (args != null) {
            for (Object a : args) {
                out.add(encode(a));
            }
        }
        return out;
    }

    public Object encode(Object o) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof byte[]) {
            return o;
        }
        Tagged s = special.encode(o);
        if (s != null) {
            return s;
        }
        if (o instanceof Enum<?> e) {
            return new Tagged("enum:" + e.getDeclaringClass().getName(), e.name());
        }
        if (o instanceof Record r && RECORDS.containsKey(r.getClass().getName())) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    fields.put(c.getName(), encode(c.getAccessor().invoke(r)));
                } catch (ReflectiveOperationException ex) {
                    throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getName(), ex);
                }
            }
            return new Tagged("record:" + r.getClass().getName(), fields);
        }
        if (o instanceof Instant i) {
            return new Tagged("instant", i.toString());
        }
        if (o instanceof Duration d) {
            return new Tagged("duration", d.toString());
        }
        if (o instanceof Path p) {
            return new Tagged("path", p.toString());
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), encode(v)));
            return out;
        }
        if (o instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(v -> out.add(encode(v)));
            return out;
        }
        return o; // arrays and the rest: Values takes them or says which type it refuses
    }

    /** Serves a call from the other side on target: arguments decoded, the answer encoded; gone says why target is null. */
    public Object serve(Invoker target, String gone, String method, List<Object> args) throws Exception {
        if (target == null) {
            throw new IllegalStateException(gone);
        }
        return encode(target.invoke(method, decodeAll(args)));
    }

    public Object[] decodeAll(List<Object> args) {
        Object[] out = new Object[args.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = decode(args.get(i));
        }
        return out;
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    public Object decode(Object o) {
        if (o instanceof Tagged t) {
            Object s = special.decode(t);
            if (s != null) {
                return s;
            }
            String tag = t.tag();
            if (tag.startsWith("enum:")) {
                return Enum.valueOf((Class) known(ENUMS, tag.substring(5)), (String) t.value());
            }
            if (tag.startsWith("record:")) {
                return record(known(RECORDS, tag.substring(7)), (Map<String, Object>) t.value());
            }
            switch (tag) {
                case "instant": return Instant.parse((String) t.value());
                case "duration": return Duration.parse((String) t.value());
                case "path": return Path.of((String) t.value());
                default: throw new IllegalArgumentException("unknown value " + tag + " from the other side of the sandbox");
            }
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, decode(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(decode(v)));
            return out;
        }
        return o;
    }

    private static Class<?> known(Map<String, Class<?>> map, String name) {
        Class<?> c = map.get(name);
        if (c == null) {
            throw new IllegalArgumentException(name + " cannot cross the sandbox's socket");
        }
        return c;
    }

    private Object record(Class<?> type, Map<String, Object> fields) {
        RecordComponent[] cs = type.getRecordComponents();
        Class<?>[] types = new Class<?>[cs.length];
        Object[] values = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) {
            types[i] = cs[i].getType();
            values[i] = decode(fields.get(cs[i].getName()));
        }
        try {
            Constructor<?> c = type.getDeclaredConstructor(types);
            return c.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot rebuild a " + type.getName() + " from the other side of the sandbox: " + e, e);
        }
    }

    /** What crosses for an exception: its class, its message, and the fields the API's exceptions carry. */
    public static Map<String, Object> describe(Throwable t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", t.getClass().getName());
        m.put("message", t.getMessage() == null ? t.toString() : t.getMessage());
        if (t instanceof CapabilityDeniedException c) {
            m.put("plugin", c.plugin());
            m.put("capability", c.capability());
            m.put("operation", c.operation());
        } else if (t instanceof BackendException b) {
            m.put("reason", b.reason().name());
        } else if (t instanceof ValidationException v) {
            m.put("kind", v.kind().name());
        }
        return m;
    }

    private static final Map<String, Function<Map<String, Object>, Exception>> REBUILT = Map.of(
            CapabilityDeniedException.class.getName(), m -> new CapabilityDeniedException((String) m.get("plugin"),
                    (String) m.get("capability"), (String) m.get("operation")),
            BackendException.class.getName(), m -> new BackendException(
                    BackendException.Reason.valueOf((String) m.get("reason")), (String) m.get("message")),
            ValidationException.class.getName(), m -> new ValidationException(
                    ValidationErrorKind.valueOf((String) m.get("kind")), (String) m.get("message")),
            ContainerOperationException.class.getName(), m -> new ContainerOperationException((String) m.get("message")),
            IllegalArgumentException.class.getName(), m -> new IllegalArgumentException((String) m.get("message")),
            IllegalStateException.class.getName(), m -> new IllegalStateException((String) m.get("message")),
            SecurityException.class.getName(), m -> new SecurityException((String) m.get("message")),
            UnsupportedOperationException.class.getName(), m -> new UnsupportedOperationException((String) m.get("message")));

    /** The exception the other side described, rebuilt where the API knows it. */
    @SuppressWarnings("unchecked")
    public static Exception exception(Object described) {
        Map<String, Object> m = (Map<String, Object>) described;
        String type = (String) m.get("type");
        Function<Map<String, Object>, Exception> f = REBUILT.get(type);
        if (f != null) {
            try {
                return f.apply(m);
            } catch (RuntimeException e) {
                // a field missing or unknown here: fall back to the message
            }
        }
        return new RemoteException(type, (String) m.get("message"));
    }
}
