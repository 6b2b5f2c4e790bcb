package nexcage.sandbox.child.wire;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Callbacks that cross: a {@code Runnable}, a {@code Consumer} or an {@code AutoCloseable} one side
 * hands the other, called back through the link under the id the owner gave it.
 */
public final class RemoteRefs {
    private static final Map<String, Class<?>> CALLBACKS = Map.of(Runnable.class.getName(), Runnable.class,
            Consumer.class.getName(), Consumer.class, AutoCloseable.class.getName(), AutoCloseable.class);
    private static final long CALLBACK_TIMEOUT_MS = 60_000;

    private RemoteRefs() {
    }

    /** The interfaces of o that may cross as a callback. */
    public static List<String> callbackTypes(Object o) {
        List<String> names = new ArrayList<>();
        CALLBACKS.forEach((n, c) -> {
            if (c.isInstance(o)) {
                names.add(n);
            }
        });
        return names;
    }

    /** A stand-in for the other side's object: [id, [interface names]]. */
    @SuppressWarnings("unchecked")
    public static Object proxy(Link link, Marshal marshal, List<Object> ref) {
        long id = (Long) ref.get(0);
        List<Class<?>> types = new ArrayList<>();
        for (Object n : (List<Object>) ref.get(1)) {
            Class<?> c = CALLBACKS.get((String) n);
            if (c == null) {
                throw new IllegalArgumentException((String) n + " cannot be called back across the sandbox");
            }
            types.add(c);
        }
        return Proxy.newProxyInstance(RemoteRefs.class.getClassLoader(), types.toArray(Class<?>[]::new), (p, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "equals" -> p == args[0];
                    case "hashCode" -> System.identityHashCode(p);
                    default -> "sandbox callback " + id;
                };
            }
            try {
                return marshal.decode(link.call(id, m.getName(), marshal.encodeAll(args == null ? new Object[0] : args),
                        CALLBACK_TIMEOUT_MS));
            } catch (Throwable t) {
                throw Checked.fit(m, t);
            }
        });
    }

    static List<Object> ref(long id, List<String> types) {
        return Arrays.asList(id, types);
    }
}
